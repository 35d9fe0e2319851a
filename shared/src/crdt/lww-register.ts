/**
 * Last-writer-wins register of a WHOLE value (a policy document version, the active pointer), stamped with
 * the HLC of the write. Merging keeps one of the two writes intact, never a mix of their fields: two
 * unreviewed edits cannot combine into a document nobody wrote.
 */
import { canonicalJson } from "../util/canonical-json.ts";
import { compareHlc, type Hlc } from "./hlc.ts";

/** One written value and the stamp of the write that produced it. */
export interface LwwRegister<T> {
  readonly value: T;
  readonly stamp: Hlc;
}

/**
 * A register holding `value`, written at `stamp`.
 *
 * @example
 * const reg = lwwWrite({ policy_id: "p1", version: 3 }, stamp);
 */
export function lwwWrite<T>(value: T, stamp: Hlc): LwwRegister<T> {
  return { value, stamp };
}

/**
 * Merge two registers: the write with the greater stamp wins, whole. Commutative, associative, idempotent.
 * Equal stamps mean the same write (HLC stamps are unique per node), so either side is returned; should a
 * faulty peer send a different value under an existing stamp, the canonical-JSON-greater value wins on every
 * replica alike, keeping the merge deterministic.
 *
 * @example
 * mergeLww(lwwWrite("old", s1), lwwWrite("new", s2)).value; // "new" when s2 > s1
 */
export function mergeLww<T>(a: LwwRegister<T>, b: LwwRegister<T>): LwwRegister<T> {
  const order = compareHlc(a.stamp, b.stamp);
  if (order !== 0) return order > 0 ? a : b;
  if (a === b || a.value === b.value) return a;
  return canonicalJson(a.value) >= canonicalJson(b.value) ? a : b;
}

/**
 * Merge where either side may be absent (never written).
 *
 * @example
 * mergeOptionalLww(undefined, reg) === reg; // true
 */
export function mergeOptionalLww<T>(
  a: LwwRegister<T> | undefined,
  b: LwwRegister<T> | undefined,
): LwwRegister<T> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return mergeLww(a, b);
}
