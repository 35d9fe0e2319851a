/**
 * From decisions to audit events on their way: the evaluate routes call this inside `ctx.waitUntil`, so
 * building the events (hashing the request) and sending them never delays the response.
 */
import { auditEventFromDecision, auditEventId, type EvaluateRequest } from "@nethical/core";
import type { RoutedDecision } from "../decide/decide-requests.ts";
import { fanOutDecisions } from "../events/decision-fan-out.ts";
import { flushMetrics } from "../metrics/buffer.ts";
import { recordDecisionMetrics } from "../metrics/decision-metrics.ts";
import { stampCohorts } from "../fairness/stamp-cohorts.ts";
import { sendAuditEvents, type SendRoute } from "./send-events.ts";

/** The decisions of one request (or batch) of one tenant. */
export interface DecisionBatch {
  tenant: string;
  requests: readonly EvaluateRequest[];
  outcomes: readonly RoutedDecision[];
  /** The event ids, from {@link auditEventIds} (returned to the caller in the response). */
  eventIds: readonly string[];
  /** When decided (ms since the epoch) and how long the request took. */
  time: number;
  latencyMs: number;
  /** The route that decided ("/v2/evaluate", …): label of the request-duration metric. */
  route?: string;
}

/**
 * The audit event id of each outcome (the decision id, or a fresh UUID when the caller chose it).
 *
 * @example
 * const ids = auditEventIds([request], [outcome]); // [outcome.response.decision_id]
 */
export function auditEventIds(requests: readonly EvaluateRequest[], outcomes: readonly RoutedDecision[]): string[] {
  return outcomes.map((o, i) => auditEventId(requests[i] as EvaluateRequest, o.response, () => crypto.randomUUID()));
}

/**
 * Build one audit event per outcome and send them (Queue, else the AuditLog directly); hand the same
 * events to the decision sinks (webhooks, streams: events/decision-fan-out.ts), which never fail the send.
 *
 * @example
 * c.executionCtx.waitUntil(recordDecisions(c.env, { tenant, requests, outcomes, eventIds, time, latencyMs }));
 */
export async function recordDecisions(env: Env, batch: DecisionBatch): Promise<SendRoute> {
  const events = await Promise.all(
    batch.outcomes.map((outcome, i) =>
      auditEventFromDecision({
        tenant: batch.tenant,
        request: batch.requests[i] as EvaluateRequest,
        response: outcome.response,
        time: batch.time,
        latencyMs: batch.latencyMs,
        policyHash: outcome.policyHash ?? "unavailable",
        source: "edge-worker",
        eventId: batch.eventIds[i] as string,
      }),
    ),
  );
  await stampCohorts(env, batch.tenant, batch.requests, events); // fairness cohort (keyed pseudonym), when the tenant names a field
  const [route] = await Promise.all([sendAuditEvents(env, events), fanOutDecisions(env, batch.tenant, events)]);
  return route;
}

/**
 * Record decisions after the response: `waitUntil(recordDecisions(…))`, logging (ids only) if it fails;
 * count them in the tenant's metrics (workers/src/metrics/, flushed in `waitUntil` too).
 *
 * @example
 * recordInBackground(c.executionCtx, c.env, { tenant, requests, outcomes, eventIds, time, latencyMs });
 */
export function recordInBackground(ctx: Pick<ExecutionContext, "waitUntil">, env: Env, batch: DecisionBatch): void {
  recordDecisionMetrics({ ...batch, route: batch.route ?? "unknown" });
  flushMetrics(env, (work) => ctx.waitUntil(work));
  ctx.waitUntil(
    recordDecisions(env, batch).catch((error: unknown) => {
      console.error(JSON.stringify({ level: "error", msg: "audit events not recorded", tenant: batch.tenant, event_ids: batch.eventIds, error: (error as Error)?.name ?? "Error" }));
    }),
  );
}
