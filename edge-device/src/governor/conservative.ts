/**
 * What changes a decision on the device and nowhere else: conservative thresholds when OFFLINE
 * (RESTRICT when uncertain) and failing closed (no verified bundle, staleness bound passed, log full).
 * TERMINATE is never weakened: it stays available locally in every mode. ONLINE and DEGRADED decisions
 * are returned exactly as core made them, so they match the Worker byte for byte. Both changes go through
 * core's `overrideDecision` (ids `device_fail_closed` and `device_offline_threshold`).
 */
import { DEGRADED_REASON_TEXT, overrideDecision, type EvaluateResponse } from "@nethical/core";
import type { FailClosedReason, Mode } from "./mode.ts";

/** The thresholds from config (`offline`). */
export interface ConservativeSettings {
  /** OFFLINE: ALLOW with risk ≥ this → RESTRICT require_human_approval. */
  restrictRiskAt: number;
  /** What failing closed answers. */
  failClosedDecision: "BLOCK" | "RESTRICT";
}

/**
 * The response the device returns: `response` unchanged, or raised to the conservative outcome. Returns
 * the same object when nothing changes (no allocation on the common path).
 *
 * @example
 * conservativeResponse(allowAtRisk05, "OFFLINE", undefined, { restrictRiskAt: 0.4, failClosedDecision: "BLOCK" }).decision; // "RESTRICT"
 * conservativeResponse(terminate, "OFFLINE", "stale", settings).decision; // "TERMINATE"
 */
export function conservativeResponse(
  response: EvaluateResponse,
  mode: Mode,
  failClosed: FailClosedReason | undefined,
  settings: ConservativeSettings,
): EvaluateResponse {
  if (failClosed !== undefined) {
    const to = settings.failClosedDecision;
    return overrideDecision(response, to, { kind: "override", id: "device_fail_closed", reason: `fail closed: ${DEGRADED_REASON_TEXT[failClosed]}` });
  }
  if (mode === "OFFLINE" && response.decision === "ALLOW" && response.risk_score >= settings.restrictRiskAt) {
    const reason = `offline: risk ${response.risk_score.toFixed(2)} ≥ ${settings.restrictRiskAt} needs human approval while the server is unreachable`;
    return overrideDecision(response, "RESTRICT", { kind: "override", id: "device_offline_threshold", reason });
  }
  return response;
}
