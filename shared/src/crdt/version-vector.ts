/**
 * Version vectors for anti-entropy: per node, the greatest HLC stamp of that node's events a replica has
 * (or whose effect it has: a register overwritten by a later write counts as seen). A replica that has seen
 * node n's stamp s has seen every earlier event of n, so "what does a peer lack" is "every event whose
 * stamp is above the peer's entry for its node".
 */
import { compareHlc, type Hlc } from "./hlc.ts";

/** node id → greatest stamp seen from that node. Treat as immutable. */
export type VersionVector = ReadonlyMap<string, Hlc>;

/**
 * The vector of a replica that has seen nothing.
 *
 * @example
 * vvCovers(emptyVersionVector(), stamp); // false
 */
export function emptyVersionVector(): VersionVector {
  return new Map();
}

/**
 * Record that the event stamped `stamp` has been seen.
 *
 * @example
 * const vv = vvObserve(emptyVersionVector(), stamp); // vv.get(stamp.node) === stamp
 */
export function vvObserve(vv: VersionVector, stamp: Hlc): VersionVector {
  const mine = vv.get(stamp.node);
  if (mine !== undefined && compareHlc(mine, stamp) >= 0) return vv;
  const next = new Map(vv);
  next.set(stamp.node, stamp);
  return next;
}

/**
 * Whether the event stamped `stamp` is already covered by `vv` (so a peer with `vv` does not need it).
 *
 * @example
 * vvCovers(vvObserve(emptyVersionVector(), s2), s1); // true when s1 ≤ s2 and both come from one node
 */
export function vvCovers(vv: VersionVector, stamp: Hlc): boolean {
  const mine = vv.get(stamp.node);
  return mine !== undefined && compareHlc(stamp, mine) <= 0;
}

/**
 * Point-wise maximum. Commutative, associative, idempotent.
 *
 * @example
 * mergeVersionVectors(a, b).get("eu"); // the later of a's and b's "eu" entries
 */
export function mergeVersionVectors(a: VersionVector, b: VersionVector): VersionVector {
  if (a === b || b.size === 0) return a;
  if (a.size === 0) return b;
  const next = new Map(a);
  for (const [node, stamp] of b) {
    const mine = a.get(node);
    if (mine === undefined || compareHlc(stamp, mine) > 0) next.set(node, stamp);
  }
  return next;
}

/**
 * Whether `a` has seen everything `b` has (a ≥ b point-wise).
 *
 * @example
 * vvDominates(mergeVersionVectors(a, b), b); // true
 */
export function vvDominates(a: VersionVector, b: VersionVector): boolean {
  for (const stamp of b.values()) if (!vvCovers(a, stamp)) return false;
  return true;
}

/**
 * The greatest stamp in the vector (for advancing a clock past everything received), or undefined if empty.
 *
 * @example
 * vvMaxStamp(vv); // the latest event any node in vv produced
 */
export function vvMaxStamp(vv: VersionVector): Hlc | undefined {
  let max: Hlc | undefined;
  for (const stamp of vv.values()) if (max === undefined || compareHlc(stamp, max) > 0) max = stamp;
  return max;
}
