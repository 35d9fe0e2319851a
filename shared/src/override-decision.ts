/**
 * The one way a decision is changed after `evaluate`: a fail-safe answer when a dependency is down, sticky
 * TERMINATE, and the edge device's offline threshold and fail-closed modes all go through
 * `overrideDecision`, so each leaves the same trace: a `decided_by` entry of kind `"override"` first, and a
 * summary that says why. A decision is only ever raised, never weakened.
 *
 * `DEGRADED_REASONS` is the one vocabulary of `X-Nethical-Degraded` (Worker and device).
 */
import { decisionStrength, type Decision } from "./schemas/decision.ts";
import type { EvaluateResponse, Obligation } from "./schemas/response.ts";

/** Why an answer was produced without everything it normally needs (the `X-Nethical-Degraded` value). */
export const DEGRADED_REASONS = ["agent_state", "policy", "budget", "no_bundle", "stale", "log_full"] as const;
export type DegradedReason = (typeof DEGRADED_REASONS)[number];

/** What each degraded reason means, in words used in explanations. */
export const DEGRADED_REASON_TEXT: Readonly<Record<DegradedReason, string>> = {
  agent_state: "agent state unavailable",
  policy: "policy unavailable",
  budget: "the evaluation budget was spent before the tenant's rules were all checked",
  no_bundle: "no verified policy bundle on this device",
  stale: "the policy bundle passed the staleness bound without confirmation from the server",
  log_full: "the decision log is full; decisions cannot be recorded",
};

/** Who overrides: the `decided_by` id of the override entry. */
export const OVERRIDE_IDS = ["fail_safe", "evaluation_budget", "sticky_terminate", "device_offline_threshold", "device_fail_closed", "emergency_stop", "runtime_monitor"] as const;
export type OverrideId = (typeof OVERRIDE_IDS)[number];

/** The override's source: its kind (always `"override"`), which override, and why. */
export interface OverrideSource {
  kind: "override";
  id: OverrideId;
  reason: string;
}

/**
 * `response` raised to `decision`, or `response` itself (same object) when its decision is already
 * stronger, or as strong and not RESTRICT: an override never weakens. A raised response has the override
 * first in `decided_by` and the summary `"<DECISION>: <reason>"`; it keeps no obligations unless it is
 * RESTRICT, which always carries `require_human_approval` with the reason (a RESTRICT overridden to
 * RESTRICT keeps its other obligations and gains that one).
 *
 * @example
 * overrideDecision(allow, "TERMINATE", { kind: "override", id: "sticky_terminate", reason: "terminated earlier" }).decision; // "TERMINATE"
 * overrideDecision(terminate, "BLOCK", { kind: "override", id: "fail_safe", reason: "policy unavailable" }) === terminate; // true
 */
export function overrideDecision(response: EvaluateResponse, decision: Decision, source: OverrideSource): EvaluateResponse {
  const have = decisionStrength(response.decision);
  const want = decisionStrength(decision);
  if (have > want || (have === want && decision !== "RESTRICT")) return response;
  const kept = response.decision === "RESTRICT" ? response.obligations.filter((o) => o.type !== "require_human_approval") : [];
  const obligations: Obligation[] = decision === "RESTRICT" ? [...kept, { type: "require_human_approval", reason: source.reason }] : [];
  return {
    ...response,
    decision,
    obligations,
    explanation: {
      ...response.explanation,
      summary: `${decision}: ${source.reason}`,
      decided_by: [{ kind: source.kind, id: source.id, decision, reason: source.reason }, ...response.explanation.decided_by],
    },
  };
}

/**
 * The degraded reason `evaluate` itself records in a response (today only `budget`, when the evaluation
 * budget was spent), or null. Adapters add it to `X-Nethical-Degraded` when nothing else degraded the answer.
 *
 * @example
 * degradedReasonOf(evaluate(request, policy, agent, now)); // null, or "budget"
 */
export function degradedReasonOf(response: EvaluateResponse): DegradedReason | null {
  const first = response.explanation.decided_by[0];
  return first?.kind === "override" && first.id === "evaluation_budget" ? "budget" : null;
}
