/**
 * PolicyStore's fleet control log (shared/src/sync/fleet-control.ts): every signed control the tenant has
 * issued, by `seq` (1, 2, 3… with no gap: a control is appended only as the next seq), plus the emergency
 * stop state derived from the log (the latest `estop.*` control). Devices receive the log over `/v2/sync`
 * from the seq they last applied; Workers read the stop state per isolate (workers/src/fleet-control/).
 */
import type { FleetControl } from "@nethical/core";
import { DurableObjectError } from "../errors.ts";
import { peerRegions, regionOf, type RegionConfig } from "./store-address.ts";

const SCHEMA = `CREATE TABLE IF NOT EXISTS fleet_controls (
  seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, agent_id TEXT, body TEXT NOT NULL, created_at INTEGER NOT NULL
)`;

/** The tenant-wide emergency stop, as Workers and the API show it. */
export interface EmergencyStop {
  engaged: true;
  /** The control seq that engaged it. */
  seq: number;
  reason: string;
  actor_key_id: string;
  /** ISO instant it was engaged. */
  since: string;
}

/** What a Worker checks before deciding: the stop (null when not engaged) and the latest control seq. */
export interface ControlState {
  control_seq: number;
  emergency_stop: EmergencyStop | null;
}

/**
 * Create the table if it does not exist.
 *
 * @example
 * ensureControlSchema(ctx.storage.sql);
 */
export function ensureControlSchema(sql: SqlStorage): void {
  sql.exec(SCHEMA);
}

/**
 * The highest control seq (0 before the first control).
 *
 * @example
 * const next = lastControlSeq(sql) + 1;
 */
export function lastControlSeq(sql: SqlStorage): number {
  const row = sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM fleet_controls").toArray()[0];
  return row?.seq === null || row?.seq === undefined ? 0 : Number(row.seq);
}

/**
 * Append a signed control; its seq must be exactly the next one (throws `seq_not_growing` otherwise).
 *
 * @example
 * appendControl(sql, signed, Date.now());
 */
export function appendControl(sql: SqlStorage, control: FleetControl, now: number): void {
  const last = lastControlSeq(sql);
  if (control.seq !== last + 1) throw new DurableObjectError("seq_not_growing", `control seq ${control.seq} is not the next one (${last + 1})`);
  sql.exec("INSERT INTO fleet_controls (seq, kind, agent_id, body, created_at) VALUES (?, ?, ?, ?, ?)", control.seq, control.kind, control.agent_id ?? null, JSON.stringify(control), now);
}

/**
 * Controls with seq above `after`, oldest first (at most `limit`).
 *
 * @example
 * for (const c of controlsAfter(sql, device.have_control_seq, 1000)) send(ws, c);
 */
export function controlsAfter(sql: SqlStorage, after: number, limit: number): FleetControl[] {
  return sql
    .exec<{ body: string }>("SELECT body FROM fleet_controls WHERE seq > ? ORDER BY seq LIMIT ?", after, limit)
    .toArray()
    .map((r) => JSON.parse(r.body) as FleetControl);
}

/**
 * The emergency stop in force (the latest estop control is an engage), or null.
 *
 * @example
 * emergencyStopOf(sql)?.reason; // "fire in hall 3"
 */
export function emergencyStopOf(sql: SqlStorage): EmergencyStop | null {
  const row = sql.exec<{ body: string }>("SELECT body FROM fleet_controls WHERE kind IN ('estop.engage', 'estop.release') ORDER BY seq DESC LIMIT 1").toArray()[0];
  if (row === undefined) return null;
  const c = JSON.parse(row.body) as FleetControl;
  return c.kind === "estop.engage" ? { engaged: true, seq: c.seq, reason: c.reason, actor_key_id: c.actor_key_id, since: c.issued_at } : null;
}

/**
 * The state a Worker checks.
 *
 * @example
 * controlState(sql); // { control_seq: 4, emergency_stop: null }
 */
export function controlState(sql: SqlStorage): ControlState {
  return { control_seq: lastControlSeq(sql), emergency_stop: emergencyStopOf(sql) };
}

/**
 * The region whose PolicyStore numbers a tenant's controls: the first, in name order, of this deployment's
 * region and its peers, so every region's Worker sends controls to the same store (one seq per tenant).
 *
 * @example
 * controlHomeRegion({ REGION: "us-east", PEER_REGIONS: "eu-west" }); // "eu-west"
 */
export function controlHomeRegion(config: RegionConfig): string {
  const self = regionOf(config);
  return [self, ...peerRegions(config, self)].sort()[0] ?? self;
}
