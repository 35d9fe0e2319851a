/**
 * A policy-state replica: one node's HLC clock plus its CRDT state. This is what a regional PolicyStore keeps
 * (and persists as JSON): local edits tick the clock; received deltas advance it past every stamp they carry,
 * so an edit made after seeing another always wins over it. Time is an argument (`now`, ms); nothing here
 * reads a clock.
 */
import { type Hlc, initialHlc, receiveHlc, tickHlc } from "./hlc.ts";
import { applyDelta, deltaSince, maxStampOf, type PolicyStateDelta } from "./delta.ts";
import type { ActivePointer, PolicyDocumentVersion } from "./policy-document.ts";
import {
  emptyPolicyState,
  type PolicyState,
  removePolicyDocument,
  setActivePointer,
  writePolicyDocument,
} from "./policy-state.ts";
import type { VersionVector } from "./version-vector.ts";

/** One node's clock and state. Immutable: every operation returns a new replica. */
export interface PolicyReplica<V = PolicyDocumentVersion> {
  readonly clock: Hlc;
  readonly state: PolicyState<V>;
}

/** Options for {@link replicaReceive}. */
export interface ReplicaReceiveOptions {
  /** Refuse deltas stamped more than this many ms ahead of `now` (HlcError "clock_drift"). Default 5 minutes. */
  readonly maxDriftMs?: number;
}

/** Default bound on how far ahead of local time a received stamp may be. */
export const DEFAULT_MAX_DRIFT_MS = 300_000;

/**
 * A new, empty replica for node `node` (a region such as "eu-west", or a device id).
 *
 * @example
 * const eu = createReplica("eu-west");
 */
export function createReplica<V = PolicyDocumentVersion>(node: string): PolicyReplica<V> {
  return { clock: initialHlc(node), state: emptyPolicyState<V>() };
}

/**
 * Rebuild a replica of node `node` from a persisted state: the clock restarts at the state's latest stamp, so
 * the next local write is stamped above everything the state holds.
 *
 * @example
 * const eu = restoreReplica("eu-west", policyStateFromWire(await storage.get("policy-state")));
 */
export function restoreReplica<V>(node: string, state: PolicyState<V>): PolicyReplica<V> {
  const start = initialHlc(node);
  const latest = maxStampOf(state);
  return { clock: latest === undefined ? start : { wall_ms: latest.wall_ms, counter: latest.counter, node }, state };
}

/**
 * Write the whole document of `policyId` at time `now`.
 *
 * @example
 * eu = replicaWrite(eu, "p1", doc, Date.now());
 */
export function replicaWrite<V>(replica: PolicyReplica<V>, policyId: string, doc: V, now: number): PolicyReplica<V> {
  const clock = tickHlc(replica.clock, now);
  return { clock, state: writePolicyDocument(replica.state, policyId, doc, clock) };
}

/**
 * Remove `policyId` at time `now`.
 *
 * @example
 * eu = replicaRemove(eu, "p1", Date.now());
 */
export function replicaRemove<V>(replica: PolicyReplica<V>, policyId: string, now: number): PolicyReplica<V> {
  const clock = tickHlc(replica.clock, now);
  return { clock, state: removePolicyDocument(replica.state, policyId, clock) };
}

/**
 * Set the active pointer at time `now` (`null` deactivates).
 *
 * @example
 * eu = replicaActivate(eu, { policy_id: "p1", version: 2 }, Date.now());
 */
export function replicaActivate<V>(replica: PolicyReplica<V>, pointer: ActivePointer | null, now: number): PolicyReplica<V> {
  const clock = tickHlc(replica.clock, now);
  return { clock, state: setActivePointer(replica.state, pointer, clock) };
}

/**
 * What a peer with version vector `peerVv` lacks from this replica.
 *
 * @example
 * const delta = replicaDeltaFor(eu, usVvFromLastExchange);
 */
export function replicaDeltaFor<V>(replica: PolicyReplica<V>, peerVv: VersionVector): PolicyStateDelta<V> {
  return deltaSince(replica.state, peerVv);
}

/**
 * Join a delta received at time `now`. The whole delta is refused (HlcError "clock_drift", state unchanged)
 * when the sender's stamps run more than `maxDriftMs` ahead of `now`.
 *
 * @example
 * us = replicaReceive(us, policyDeltaFromWire(JSON.parse(message)), Date.now());
 */
export function replicaReceive<V>(
  replica: PolicyReplica<V>,
  delta: PolicyStateDelta<V>,
  now: number,
  options: ReplicaReceiveOptions = {},
): PolicyReplica<V> {
  const latest = maxStampOf(delta.state);
  if (latest === undefined) return replica;
  const clock = receiveHlc(replica.clock, latest, now, { maxDriftMs: options.maxDriftMs ?? DEFAULT_MAX_DRIFT_MS });
  return { clock, state: applyDelta(replica.state, delta) };
}
