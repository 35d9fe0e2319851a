/**
 * The PolicyStore's CRDT replica and its anti-entropy bookkeeping in SQLite (the `meta` table of
 * bundle-table.ts): the state as canonical wire JSON (`crdt_state`), and per peer region the version vector
 * it reported last (`peer_vv:<region>`), so the next exchange sends only what the peer lacks.
 */
import {
  createReplica,
  decodeHlc,
  encodeHlc,
  policyStateFromWire,
  policyStateToWire,
  restoreReplica,
  type PolicyReplica,
  type VersionVector,
} from "@nethical/core";
import { getMeta, setMeta } from "./bundle-table.ts";

/**
 * Load the replica of node `region`, or a new empty one.
 *
 * @example
 * const replica = loadReplica(ctx.storage.sql, "eu-west");
 */
export function loadReplica(sql: SqlStorage, region: string): PolicyReplica {
  const raw = getMeta(sql, "crdt_state");
  return raw === null ? createReplica(region) : restoreReplica(region, policyStateFromWire(JSON.parse(raw)));
}

/**
 * Persist the replica's state (the clock is rebuilt from it on load).
 *
 * @example
 * saveReplica(ctx.storage.sql, replica);
 */
export function saveReplica(sql: SqlStorage, replica: PolicyReplica): void {
  setMeta(sql, "crdt_state", JSON.stringify(policyStateToWire(replica.state)));
}

/**
 * A version vector as sorted encoded stamps (wire form).
 *
 * @example
 * vvToStrings(state.vv); // ["0190…000000.eu-west", …]
 */
export function vvToStrings(vv: VersionVector): string[] {
  return [...vv.values()].map(encodeHlc).sort();
}

/**
 * Parse a version vector from encoded stamps; malformed entries are dropped (an under-estimate only makes
 * the next delta larger).
 *
 * @example
 * vvFromStrings(["0190…000000.eu-west"]).get("eu-west");
 */
export function vvFromStrings(stamps: readonly string[]): VersionVector {
  const vv = new Map<string, ReturnType<typeof decodeHlc>>();
  for (const text of stamps) {
    try {
      const hlc = decodeHlc(text);
      vv.set(hlc.node, hlc);
    } catch {
      // ignore
    }
  }
  return vv;
}

/**
 * The version vector `peer` reported in the last exchange (empty when never exchanged).
 *
 * @example
 * const since = peerVv(sql, "us-east");
 */
export function peerVv(sql: SqlStorage, peer: string): VersionVector {
  const raw = getMeta(sql, `peer_vv:${peer}`);
  return raw === null ? new Map() : vvFromStrings(JSON.parse(raw) as string[]);
}

/**
 * Remember the version vector `peer` reported.
 *
 * @example
 * setPeerVv(sql, "us-east", delta.state.vv);
 */
export function setPeerVv(sql: SqlStorage, peer: string, vv: VersionVector): void {
  setMeta(sql, `peer_vv:${peer}`, JSON.stringify(vvToStrings(vv)));
}
