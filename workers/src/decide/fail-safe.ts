/**
 * The fail-safe answer when a request could not be evaluated properly (the AgentState Durable Object or
 * the policy could not be reached in time). Never ALLOW and never RESTRICT: BLOCK, or TERMINATE when the
 * policy alone already says so. The answer goes through core's `overrideDecision` (id `fail_safe`); the
 * route adds the `X-Nethical-Degraded` header with the reason.
 */
import {
  DEGRADED_REASON_TEXT,
  emptyAgentState,
  evaluate,
  overrideDecision,
  type DegradedReason,
  type EvaluateRequest,
  type EvaluateResponse,
  type LoadedPolicy,
} from "@nethical/core";

/**
 * The fail-safe response for `request`. With a policy, the request is still evaluated statelessly so
 * violations and a stronger outcome (TERMINATE) are kept; the decision is at least BLOCK. Without one,
 * BLOCK with risk 1.
 *
 * @example
 * failSafeResponse(request, null, "policy", Date.now(), crypto.randomUUID()).decision; // "BLOCK"
 */
export function failSafeResponse(
  request: EvaluateRequest,
  policy: LoadedPolicy | null,
  reason: DegradedReason,
  now: number,
  decisionId: string,
): EvaluateResponse {
  const source = { kind: "override", id: "fail_safe", reason: `degraded: ${DEGRADED_REASON_TEXT[reason]}; safe default BLOCK applied` } as const;
  if (policy !== null) {
    try {
      return overrideDecision(evaluate(request, policy.compiled, emptyAgentState(), now, { decisionId }), "BLOCK", source);
    } catch {
      // fall through to the policy-less answer
    }
  }
  const unevaluated: EvaluateResponse = {
    decision_id: decisionId,
    decision: "ALLOW",
    risk_score: 1,
    violations: [],
    obligations: [],
    explanation: { summary: "", decided_by: [], laws: [], risk_features: {} },
    policy_version: policy?.version ?? "unavailable",
    latency_ms: 0,
  };
  return overrideDecision(unevaluated, "BLOCK", source);
}
