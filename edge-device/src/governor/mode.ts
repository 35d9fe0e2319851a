/**
 * The device's network modes and the facts a response carries about how it was produced.
 */

/** ONLINE: synced and heartbeats fast; DEGRADED: connected but slow or missing beats; OFFLINE: no server. */
export const MODES = ["ONLINE", "DEGRADED", "OFFLINE"] as const;
export type Mode = (typeof MODES)[number];

import type { DegradedReason } from "@nethical/core";

/** Why a decision was forced closed, if it was: the device's part of core's degraded-reason vocabulary. */
export type FailClosedReason = Extract<DegradedReason, "no_bundle" | "stale" | "log_full">;

/** Which bundle decided on the device: seq and hash (seq 0, hash null before the first verified bundle). */
export interface BundleInUse {
  seq: number;
  hash: string | null;
}
