/**
 * Decision fan-out: after a decision's audit event is built (never raw PII: spans, ids, hashes), it is
 * handed to the sinks that tell the outside world — outbound webhooks and live streams (issue 11). Runs in
 * `waitUntil` next to the audit send, so no sink can delay a response; a failing sink is logged (ids only)
 * and never stops the audit send or the other sinks.
 */
import type { AuditEvent } from "@nethical/core";
import { webhookDecisionSink } from "../webhooks/publish.ts";
import { streamDecisionSink } from "./stream-sink.ts";

/** One consumer of decided events, e.g. the outbound webhook queue or the tenant's stream hub. */
export interface DecisionSink {
  /** A short name for the logs ("webhooks", "streams"). */
  name: string;
  /** Take this tenant's freshly decided events (in decision order). Must not throw for one bad event. */
  publish(env: Env, tenant: string, events: readonly AuditEvent[]): Promise<void>;
}

/** The sinks every decision goes to. Each sink module adds itself here (one line). */
export const DECISION_SINKS: DecisionSink[] = [webhookDecisionSink, streamDecisionSink];

/**
 * Hand `events` to every sink; resolves when all have finished or failed (failures are logged, ids only).
 *
 * @example
 * await fanOutDecisions(env, "acme", events, DECISION_SINKS);
 */
export async function fanOutDecisions(env: Env, tenant: string, events: readonly AuditEvent[], sinks: readonly DecisionSink[] = DECISION_SINKS): Promise<void> {
  if (events.length === 0) return;
  await Promise.all(
    sinks.map((sink) =>
      sink.publish(env, tenant, events).catch((error: unknown) => {
        console.error(JSON.stringify({ level: "error", msg: "decision sink failed", sink: sink.name, tenant, event_ids: events.map((e) => e.event_id), error: (error as Error)?.name ?? "Error" }));
      }),
    ),
  );
}
