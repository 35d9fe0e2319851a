/**
 * The device's network modes and the facts a response carries about how it was produced.
 */

/** ONLINE: synced and heartbeats fast; DEGRADED: connected but slow or missing beats; OFFLINE: no server. */
export const MODES = ["ONLINE", "DEGRADED", "OFFLINE"] as const;
export type Mode = (typeof MODES)[number];

/** Why a decision was forced closed, if it was. */
export type FailClosedReason = "no_bundle" | "stale" | "log_full";

/** Which bundle decided: seq and hash (seq 0, hash null before the first verified bundle). */
export interface BundleRef {
  seq: number;
  hash: string | null;
}
