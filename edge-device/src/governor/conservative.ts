/**
 * What changes a decision on the device and nowhere else: conservative thresholds when OFFLINE
 * (RESTRICT when uncertain) and failing closed (no verified bundle, staleness bound passed, log full).
 * TERMINATE is never weakened: it stays available locally in every mode. ONLINE and DEGRADED decisions
 * are returned exactly as core made them, so they match the Worker byte for byte.
 */
import type { Decision, EvaluateResponse } from "@nethical/core";
import type { FailClosedReason, Mode } from "./mode.ts";

/** The thresholds from config (`offline`). */
export interface ConservativeSettings {
  /** OFFLINE: ALLOW with risk ≥ this → RESTRICT require_human_approval. */
  restrictRiskAt: number;
  /** What failing closed answers. */
  failClosedDecision: "BLOCK" | "RESTRICT";
}

/** `decided_by` ids of the device's own contributions. */
export const OFFLINE_THRESHOLD_ID = "device_offline_threshold";
export const FAIL_CLOSED_ID = "device_fail_closed";

const FAIL_REASONS: Record<FailClosedReason, string> = {
  no_bundle: "no verified policy bundle on this device",
  stale: "the policy bundle passed the staleness bound without confirmation from the server",
  log_full: "the decision log is full; decisions cannot be recorded",
};

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
  if (response.decision === "TERMINATE") return response;
  if (failClosed !== undefined) {
    const to = settings.failClosedDecision;
    if (to === "RESTRICT" && response.decision === "BLOCK") return response;
    return raise(response, to, FAIL_CLOSED_ID, `fail closed: ${FAIL_REASONS[failClosed]}`);
  }
  if (mode === "OFFLINE" && response.decision === "ALLOW" && response.risk_score >= settings.restrictRiskAt) {
    const reason = `offline: risk ${response.risk_score.toFixed(2)} ≥ ${settings.restrictRiskAt} needs human approval while the server is unreachable`;
    return raise(response, "RESTRICT", OFFLINE_THRESHOLD_ID, reason);
  }
  return response;
}

function raise(response: EvaluateResponse, to: Decision, id: string, reason: string): EvaluateResponse {
  const obligations: EvaluateResponse["obligations"] =
    to === "RESTRICT"
      ? [...(response.decision === "RESTRICT" ? response.obligations.filter((o) => o.type !== "require_human_approval") : []), { type: "require_human_approval", reason }]
      : [];
  return {
    ...response,
    decision: to,
    obligations,
    explanation: {
      ...response.explanation,
      summary: `${to}: ${reason}`,
      decided_by: [{ kind: "rule", id, decision: to, reason }, ...response.explanation.decided_by],
    },
  };
}
