/**
 * Observed-remove set with add-wins semantics (Shapiro et al., "A comprehensive study of CRDTs", 2011).
 *
 * Every add creates a unique tag (the encoded HLC stamp of the add). A remove tombstones only the tags its
 * replica has observed, so an add concurrent with a remove survives (add wins). An element is present while
 * at least one of its tags is not tombstoned. A tombstone records the stamp of the remove; when two replicas
 * remove the same tag, the later remove stamp is kept (needed by version-vector deltas, never by membership).
 * Tombstones are kept for ever (no causal-stability garbage collection yet).
 */
import { compareHlc, type Hlc } from "./hlc.ts";
import { encodeHlc } from "./hlc-codec.ts";

/** One add of an element: when it was added and, once observed-removed, the stamp of the remove. */
export interface OrSetTag {
  readonly added: Hlc;
  readonly removed: Hlc | null;
}

/** element → (tag text → tag). Treat as immutable: every operation returns a new set. */
export type OrSet<E> = ReadonlyMap<E, ReadonlyMap<string, OrSetTag>>;

/**
 * The empty set.
 *
 * @example
 * const members = emptyOrSet<string>();
 */
export function emptyOrSet<E>(): OrSet<E> {
  return new Map();
}

/**
 * Add `element` with a fresh tag taken from `stamp` (which must not have been used for this element before).
 *
 * @example
 * const members = orSetAdd(emptyOrSet<string>(), "p1", stamp);
 */
export function orSetAdd<E>(set: OrSet<E>, element: E, stamp: Hlc): OrSet<E> {
  const tags = new Map(set.get(element) ?? []);
  tags.set(encodeHlc(stamp), { added: stamp, removed: null });
  const next = new Map(set);
  next.set(element, tags);
  return next;
}

/**
 * Remove `element` as observed here: tombstone its live tags with the remove's `stamp`. No-op when absent.
 *
 * @example
 * orSetHas(orSetRemove(members, "p1", stamp), "p1"); // false (unless a concurrent add arrives later)
 */
export function orSetRemove<E>(set: OrSet<E>, element: E, stamp: Hlc): OrSet<E> {
  const current = set.get(element);
  if (current === undefined || !hasLiveTag(current)) return set;
  const tags = new Map<string, OrSetTag>();
  for (const [tag, entry] of current) tags.set(tag, entry.removed === null ? { added: entry.added, removed: stamp } : entry);
  const next = new Map(set);
  next.set(element, tags);
  return next;
}

function hasLiveTag(tags: ReadonlyMap<string, OrSetTag>): boolean {
  for (const entry of tags.values()) if (entry.removed === null) return true;
  return false;
}

/**
 * Whether `element` is in the set.
 *
 * @example
 * orSetHas(orSetAdd(emptyOrSet<string>(), "p1", stamp), "p1"); // true
 */
export function orSetHas<E>(set: OrSet<E>, element: E): boolean {
  const tags = set.get(element);
  return tags !== undefined && hasLiveTag(tags);
}

/**
 * The present elements, in insertion order of the underlying map (sort them if order matters).
 *
 * @example
 * orSetElements(members).sort(); // ["p1", "p2"]
 */
export function orSetElements<E>(set: OrSet<E>): E[] {
  const out: E[] = [];
  for (const [element, tags] of set) if (hasLiveTag(tags)) out.push(element);
  return out;
}

/**
 * Merge one tag seen on both sides: removed if either side removed it, the later remove stamp kept.
 *
 * @example
 * mergeOrSetTag({ added: s1, removed: null }, { added: s1, removed: s2 }).removed; // s2
 */
export function mergeOrSetTag(a: OrSetTag, b: OrSetTag): OrSetTag {
  if (a.removed === null) return b;
  if (b.removed === null) return a;
  return compareHlc(a.removed, b.removed) >= 0 ? a : b;
}

/**
 * Merge two sets: union of tags, union of tombstones. Commutative, associative, idempotent.
 *
 * @example
 * orSetHas(mergeOrSet(addedHere, removedThere), "p1"); // true when the add was not observed by the remove
 */
export function mergeOrSet<E>(a: OrSet<E>, b: OrSet<E>): OrSet<E> {
  if (a === b || b.size === 0) return a;
  if (a.size === 0) return b;
  const next = new Map(a);
  for (const [element, bTags] of b) {
    const aTags = a.get(element);
    if (aTags === undefined) {
      next.set(element, bTags);
      continue;
    }
    const tags = new Map(aTags);
    for (const [tag, entry] of bTags) {
      const mine = aTags.get(tag);
      tags.set(tag, mine === undefined ? entry : mergeOrSetTag(mine, entry));
    }
    next.set(element, tags);
  }
  return next;
}
