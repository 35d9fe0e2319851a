/**
 * The fail-safe answer when a request could not be evaluated properly (the AgentState Durable Object or
 * the policy could not be reached in time). Never ALLOW and never RESTRICT: BLOCK, or TERMINATE when the
 * policy alone already says so — and TERMINATE only once the agent's AgentState has recorded it (sticky),
 * BLOCK otherwise (`terminationNotRecorded`, decide-requests.ts). The answer goes through core's
 * `overrideDecision` (id `fail_safe`); the route adds the `X-Nethical-Degraded` header with the reason.
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
 * BLOCK with risk 1. `cause` (e.g. "latency breaker open") is added to the override's reason.
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
  cause?: string,
): EvaluateResponse {
  const what = cause === undefined ? DEGRADED_REASON_TEXT[reason] : `${DEGRADED_REASON_TEXT[reason]} (${cause})`;
  const source = { kind: "override", id: "fail_safe", reason: `degraded: ${what}; safe default BLOCK applied` } as const;
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

/** Why a fail-safe TERMINATE that could not be made sticky is answered BLOCK. */
export const TERMINATION_NOT_RECORDED_REASON = `degraded: ${DEGRADED_REASON_TEXT.agent_state}; the policy's TERMINATE could not be recorded in the agent's state, so it is not answered (it would not be sticky): BLOCK applied, termination handed to the agent's state when it answers`;

/**
 * The fail-safe answer for a TERMINATE the agent's AgentState could not record before the answer: BLOCK
 * (the action is still refused, but the answer claims no sticky termination that a later request, decided
 * by the AgentState before the termination lands, could contradict). The policy's findings and its own
 * TERMINATE entries stay in `violations` and `decided_by`, after a `fail_safe` override entry that says
 * why. This is the one place an evaluated TERMINATE is answered weaker; any other decision is returned as
 * it is.
 *
 * @example
 * terminationNotRecorded(failSafeTerminate).decision; // "BLOCK"
 * terminationNotRecorded(failSafeBlock) === failSafeBlock; // true
 */
export function terminationNotRecorded(response: EvaluateResponse): EvaluateResponse {
  if (response.decision !== "TERMINATE") return response;
  // overrideDecision only raises: start from an unanswered copy (no decision, no obligations) and raise it to BLOCK.
  const unanswered: EvaluateResponse = { ...response, decision: "ALLOW", obligations: [] };
  return overrideDecision(unanswered, "BLOCK", { kind: "override", id: "fail_safe", reason: TERMINATION_NOT_RECORDED_REASON });
}
