/**
 * Anti-entropy between the regional PolicyStores of one tenant. On its alarm a store sends each peer region
 * the delta the peer lacks (computed against the version vector the peer reported last time, empty at first)
 * and gets back, in the same call, what it lacks itself. Deltas are joins: lost, repeated or reordered
 * exchanges never diverge the replicas, and both converge after one successful round trip.
 */
import {
  deltaSince,
  policyDeltaFromWire,
  policyDeltaToWire,
  replicaReceive,
  type PolicyReplica,
} from "@nethical/core";
import { peerVv, setPeerVv } from "./replica-table.ts";
import { policyStoreStub } from "../residency/placement.ts";
import type { Residency } from "../residency/residency.ts";

/** The receiving store's answer: the delta the caller lacks (wire JSON). */
export interface ExchangeReply {
  delta: unknown;
}

/** What the sending side needs from its store. */
export interface ExchangeHost {
  readonly env: Env;
  readonly sql: SqlStorage;
  readonly tenant: string;
  /** The tenant's residency: the peer's store is addressed in the same jurisdiction, and adopts it. */
  readonly residency: Residency;
  readonly name: string;
  readonly region: string;
  read(): PolicyReplica;
  apply(change: (r: PolicyReplica) => PolicyReplica, now: number): Promise<void>;
}

/**
 * Receiving side: join the delta from `from`, remember its version vector, and return what it lacks.
 *
 * @example
 * const { replica: next, reply } = receiveExchange(sql, replica, "us-east", deltaWire, Date.now());
 */
export function receiveExchange(
  sql: SqlStorage,
  replica: PolicyReplica,
  from: string,
  deltaWire: unknown,
  now: number,
): { replica: PolicyReplica; reply: ExchangeReply } {
  const delta = policyDeltaFromWire(deltaWire);
  const next = replicaReceive(replica, delta, now);
  setPeerVv(sql, from, delta.state.vv);
  return { replica: next, reply: { delta: policyDeltaToWire(deltaSince(next.state, delta.state.vv)) } };
}

/**
 * Sending side: one exchange with `peer`. Returns true when the peer answered and its delta was joined.
 *
 * @example
 * await exchangeWithPeer(host, "us-east", Date.now());
 */
export async function exchangeWithPeer(host: ExchangeHost, peer: string, now: number): Promise<boolean> {
  const outgoing = policyDeltaToWire(deltaSince(host.read().state, peerVv(host.sql, peer)));
  const stub = policyStoreStub(host.env, { tenant: host.tenant, residency: host.residency }, peer);
  const reply = (await stub.exchange(host.tenant, host.name, host.region, outgoing, now, host.residency)) as ExchangeReply;
  const incoming = policyDeltaFromWire(reply.delta);
  await host.apply((r) => {
    setPeerVv(host.sql, peer, incoming.state.vv);
    return replicaReceive(r, incoming, Date.now());
  }, now);
  return true;
}
