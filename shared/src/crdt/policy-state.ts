/**
 * The replicated policy state of one tenant, as the PolicyStore Durable Object keeps it (one replica per region):
 *
 * - `docs`: policy id → LWW register of one whole document version,
 * - `members`: OR-set of the policy ids that exist (add-wins),
 * - `active`: LWW register of the active pointer (`null` = nothing active),
 * - `vv`: the version vector of everything this state reflects.
 *
 * Every operation takes a fresh HLC stamp from the caller (see replica.ts, which owns the clock) and returns a
 * new state; nothing is mutated. {@link mergePolicyStates} is a join: commutative, associative, idempotent.
 * Reading the state: policy-state-queries.ts.
 */
import { CrdtError } from "./crdt-error.ts";
import { compareHlc, type Hlc } from "./hlc.ts";
import { type LwwRegister, lwwWrite, mergeOptionalLww } from "./lww-register.ts";
import { emptyOrSet, mergeOrSet, type OrSet, orSetAdd, orSetRemove } from "./or-set.ts";
import { type ActivePointer, POLICY_ID_PATTERN, type PolicyDocumentVersion } from "./policy-document.ts";
import { emptyVersionVector, mergeVersionVectors, type VersionVector, vvObserve } from "./version-vector.ts";

/** The replicated policy state of one tenant, generic in the document type. */
export interface PolicyState<V = PolicyDocumentVersion> {
  readonly docs: ReadonlyMap<string, LwwRegister<V>>;
  readonly members: OrSet<string>;
  readonly active: LwwRegister<ActivePointer | null> | undefined;
  readonly vv: VersionVector;
}

/**
 * A state with no policies.
 *
 * @example
 * const state = emptyPolicyState(); // state.docs.size === 0
 */
export function emptyPolicyState<V = PolicyDocumentVersion>(): PolicyState<V> {
  return { docs: new Map(), members: emptyOrSet(), active: undefined, vv: emptyVersionVector() };
}

function checkOperation(state: PolicyState<unknown>, stamp: Hlc, policyId?: string): void {
  if (policyId !== undefined && !POLICY_ID_PATTERN.test(policyId)) {
    throw new CrdtError("invalid_policy_id", "policy ids are 1–128 characters of [A-Za-z0-9_.-], starting with a letter or digit");
  }
  const seen = state.vv.get(stamp.node);
  if (seen !== undefined && compareHlc(stamp, seen) <= 0) {
    throw new CrdtError("stale_stamp", `stamp is not newer than the last event of node ${stamp.node}: tick the clock first`);
  }
}

/** A local write must win over what it replaces, or it would silently vanish on merge. */
function checkWins(current: Hlc, stamp: Hlc): void {
  if (compareHlc(stamp, current) <= 0) {
    throw new CrdtError("stale_stamp", "stamp is older than the value it replaces: receive remote stamps into the clock first");
  }
}

/**
 * Create or replace policy `policyId` with the whole document `doc`, and (re-)add it to the members. An
 * edit concurrent with a removal elsewhere keeps the policy (add wins).
 *
 * @example
 * state = writePolicyDocument(state, "p1", { policy_id: "p1", version: 1, status: "quarantine", policy }, stamp);
 */
export function writePolicyDocument<V>(state: PolicyState<V>, policyId: string, doc: V, stamp: Hlc): PolicyState<V> {
  checkOperation(state, stamp, policyId);
  const current = state.docs.get(policyId);
  if (current !== undefined) checkWins(current.stamp, stamp);
  const docs = new Map(state.docs);
  docs.set(policyId, lwwWrite(doc, stamp));
  return { ...state, docs, members: orSetAdd(state.members, policyId, stamp), vv: vvObserve(state.vv, stamp) };
}

/**
 * Remove policy `policyId` as observed here. Its last document is kept (so a later write can restore it);
 * only membership changes. Returns `state` unchanged when the policy is not a member.
 *
 * @example
 * state = removePolicyDocument(state, "p1", stamp); // listPolicyIds(state) no longer has "p1"
 */
export function removePolicyDocument<V>(state: PolicyState<V>, policyId: string, stamp: Hlc): PolicyState<V> {
  checkOperation(state, stamp, policyId);
  const members = orSetRemove(state.members, policyId, stamp);
  if (members === state.members) return state;
  return { ...state, members, vv: vvObserve(state.vv, stamp) };
}

/**
 * Point the active register at `pointer` (or at nothing with `null`). Whether the pointer names an existing,
 * publishable version is the PolicyStore's check, not the CRDT's.
 *
 * @example
 * state = setActivePointer(state, { policy_id: "p1", version: 2 }, stamp);
 */
export function setActivePointer<V>(state: PolicyState<V>, pointer: ActivePointer | null, stamp: Hlc): PolicyState<V> {
  checkOperation(state, stamp);
  if (state.active !== undefined) checkWins(state.active.stamp, stamp);
  return { ...state, active: lwwWrite(pointer, stamp), vv: vvObserve(state.vv, stamp) };
}

/**
 * Join two states. Commutative, associative and idempotent; documents are chosen whole, never combined.
 *
 * @example
 * const converged = mergePolicyStates(euState, usState);
 */
export function mergePolicyStates<V>(a: PolicyState<V>, b: PolicyState<V>): PolicyState<V> {
  if (a === b) return a;
  let docs = a.docs;
  if (b.docs.size > 0) {
    const merged = new Map(a.docs);
    for (const [id, reg] of b.docs) merged.set(id, mergeOptionalLww(a.docs.get(id), reg) as LwwRegister<V>);
    docs = merged;
  }
  return {
    docs,
    members: mergeOrSet(a.members, b.members),
    active: mergeOptionalLww(a.active, b.active),
    vv: mergeVersionVectors(a.vv, b.vv),
  };
}
