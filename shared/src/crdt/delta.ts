/**
 * Delta-state anti-entropy. `deltaSince(state, peerVv)` is the part of `state` a peer whose version vector is
 * `peerVv` may lack: every register, tag and tombstone stamped above the peer's entry for the stamping node.
 * `applyDelta` joins it in. Deltas may be dropped, duplicated or reordered: applying is a join (idempotent,
 * commutative), and the receiver's version vector only advances when the delta was computed against a vector
 * it already dominates, so it never claims events it does not have.
 */
import { compareHlc, type Hlc } from "./hlc.ts";
import type { LwwRegister } from "./lww-register.ts";
import type { OrSet, OrSetTag } from "./or-set.ts";
import type { PolicyDocumentVersion } from "./policy-document.ts";
import { mergePolicyStates, type PolicyState } from "./policy-state.ts";
import { type VersionVector, vvCovers, vvDominates, vvMaxStamp } from "./version-vector.ts";

/** What a peer lacks: a partial state (whose `vv` is the sender's) and the vector it was computed against. */
export interface PolicyStateDelta<V = PolicyDocumentVersion> {
  readonly since: VersionVector;
  readonly state: PolicyState<V>;
}

function tagNeeded(tag: OrSetTag, since: VersionVector): boolean {
  return !vvCovers(since, tag.added) || (tag.removed !== null && !vvCovers(since, tag.removed));
}

function membersSince(members: OrSet<string>, since: VersionVector): OrSet<string> {
  const out = new Map<string, ReadonlyMap<string, OrSetTag>>();
  for (const [element, tags] of members) {
    let needed: Map<string, OrSetTag> | undefined;
    for (const [tag, entry] of tags) {
      if (!tagNeeded(entry, since)) continue;
      needed ??= new Map();
      needed.set(tag, entry);
    }
    if (needed !== undefined) out.set(element, needed);
  }
  return out;
}

/**
 * The part of `state` a peer with version vector `since` lacks. With an empty `since` it is the full state
 * (a snapshot).
 *
 * @example
 * const delta = deltaSince(euState, usState.vv); // send it; the US replica calls applyDelta
 */
export function deltaSince<V>(state: PolicyState<V>, since: VersionVector): PolicyStateDelta<V> {
  const docs = new Map<string, LwwRegister<V>>();
  for (const [id, reg] of state.docs) if (!vvCovers(since, reg.stamp)) docs.set(id, reg);
  const active = state.active !== undefined && !vvCovers(since, state.active.stamp) ? state.active : undefined;
  return { since, state: { docs, members: membersSince(state.members, since), active, vv: state.vv } };
}

/**
 * Whether the delta carries no data (the peer already had everything).
 *
 * @example
 * isEmptyDelta(deltaSince(a, a.vv)); // true
 */
export function isEmptyDelta(delta: PolicyStateDelta<unknown>): boolean {
  return delta.state.docs.size === 0 && delta.state.members.size === 0 && delta.state.active === undefined;
}

/**
 * Join a delta into `state`. Safe under loss, duplication and reordering. If `state`'s vector does not dominate
 * the one the delta was computed against (the delta was meant for a replica that knew more), the data is still
 * joined but the vector is left as it was, so the missing events are asked for again.
 *
 * @example
 * const next = applyDelta(usState, deltaSince(euState, usState.vv));
 */
export function applyDelta<V>(state: PolicyState<V>, delta: PolicyStateDelta<V>): PolicyState<V> {
  const joined = mergePolicyStates(state, delta.state);
  if (vvDominates(state.vv, delta.since)) return joined;
  return { ...joined, vv: state.vv };
}

/**
 * The greatest stamp anywhere in `state` (vector, documents, tags, tombstones, active pointer), or undefined
 * when it is empty. A clock set at or past it stamps every later write above everything the state holds.
 *
 * @example
 * const latest = maxStampOf(delta.state); // feed to receiveHlc
 */
export function maxStampOf(state: PolicyState<unknown>): Hlc | undefined {
  let max = vvMaxStamp(state.vv);
  const see = (stamp: Hlc | null | undefined) => {
    if (stamp != null && (max === undefined || compareHlc(stamp, max) > 0)) max = stamp;
  };
  for (const reg of state.docs.values()) see(reg.stamp);
  for (const tags of state.members.values()) {
    for (const tag of tags.values()) {
      see(tag.added);
      see(tag.removed);
    }
  }
  see(state.active?.stamp);
  return max;
}
