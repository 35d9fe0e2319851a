/**
 * The fail-safe answer when a request could not be evaluated properly (the AgentState Durable Object or
 * the policy could not be reached in time). Never ALLOW and never RESTRICT: BLOCK, or TERMINATE when the
 * policy alone already says so. The response says `degraded` in its explanation; the route adds the
 * `X-Nethical-Degraded` header.
 */
import { emptyAgentState, evaluate, strongerDecision, type EvaluateRequest, type EvaluateResponse } from "@nethical/core";
import type { LoadedPolicy } from "../../../durable-objects/src/policy/compiled-cache.ts";

/** Which dependency failed. */
export type DegradedReason = "agent-state" | "policy";

const WHAT: Record<DegradedReason, string> = {
  "agent-state": "agent state unavailable",
  policy: "policy unavailable",
};

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
  const note = `degraded: ${WHAT[reason]}; safe default BLOCK applied`;
  const fallback = { kind: "default" as const, id: "fail_safe", decision: "BLOCK" as const, reason: note };
  if (policy !== null) {
    try {
      const stateless = evaluate(request, policy.compiled, emptyAgentState(), now, { decisionId });
      const decision = strongerDecision(stateless.decision, "BLOCK");
      return {
        ...stateless,
        decision,
        obligations: [],
        explanation: { ...stateless.explanation, summary: `${decision} (${note})`, decided_by: [fallback, ...stateless.explanation.decided_by] },
      };
    } catch {
      // fall through to the policy-less answer
    }
  }
  return {
    decision_id: decisionId,
    decision: "BLOCK",
    risk_score: 1,
    violations: [],
    obligations: [],
    explanation: { summary: `BLOCK (${note})`, decided_by: [fallback], laws: [], risk_features: {} },
    policy_version: policy?.version ?? "unavailable",
    latency_ms: 0,
  };
}
