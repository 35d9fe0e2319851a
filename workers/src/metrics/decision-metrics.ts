/**
 * What one request's decisions add to the tenant's metrics: one `decisions` count per decision (outcome ×
 * action type), one `decision_laws` count per distinct law a decision's violations name, one `degraded` count
 * per fail-safe answer, and the request's duration once (and once more in `degraded_request_duration` when the
 * fail-safe answered any of its decisions).
 */
import type { EvaluateRequest } from "@nethical/core";
import type { RoutedDecision } from "../decide/decide-requests.ts";
import { countMetric, observeMetric } from "./buffer.ts";

/** The decisions of one request, as the evaluate routes hand them to the audit path. */
export interface DecidedRequest {
  tenant: string;
  requests: readonly EvaluateRequest[];
  outcomes: readonly RoutedDecision[];
  latencyMs: number;
  /** The route that decided, e.g. "/v2/evaluate" (label `route` of the request duration). */
  route: string;
}

/**
 * Record `decided` in this isolate's metrics buffer (flushMetrics sends it).
 *
 * @example
 * recordDecisionMetrics({ tenant, requests, outcomes, latencyMs, route: "/v2/evaluate" });
 */
export function recordDecisionMetrics(decided: DecidedRequest): void {
  decided.outcomes.forEach((outcome, i) => {
    const decision = outcome.response.decision;
    const actionType = (decided.requests[i] as EvaluateRequest).action_type;
    countMetric(decided.tenant, "decisions", { decision, action_type: actionType });
    for (const law of new Set(outcome.response.violations.map((v) => v.law))) countMetric(decided.tenant, "decision_laws", { decision, law: String(law) });
    if (outcome.degraded !== null) countMetric(decided.tenant, "degraded", { reason: outcome.degraded });
  });
  observeMetric(decided.tenant, "request_duration", { route: decided.route }, decided.latencyMs);
  // The availability SLO's bad events (workers/src/slo/): requests the fail-safe answered, at least partly.
  if (decided.outcomes.some((o) => o.degraded !== null)) observeMetric(decided.tenant, "degraded_request_duration", { route: decided.route }, decided.latencyMs);
}
