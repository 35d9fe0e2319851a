/**
 * Handing webhook events to the tenant's WebhookOutbox, which records one delivery per subscription and
 * queues it. Always off the response path (`waitUntil`); a failure is logged (ids and counts only).
 */
import type { AuditEvent } from "@nethical/core";
import type { OutboundEvent } from "@nethical/durable-objects/webhook-outbox/types";
import { withTimeout } from "../decide/with-timeout.ts";
import { decisionEvents } from "./events.ts";
import { webhookOutboxStub } from "./outbox-stub.ts";

/** Deadline for handing events to the outbox. */
export const PUBLISH_TIMEOUT_MS = 5_000;

/**
 * Record and queue `events` for the tenant's subscriptions; resolves to the number of deliveries.
 *
 * @example
 * await publishWebhookEvents(env, "acme", [policyActivatedEvent("acme", meta, { activated_by: "k1" }, Date.now())]);
 */
export async function publishWebhookEvents(env: Env, tenant: string, events: readonly OutboundEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  return withTimeout(webhookOutboxStub(env, tenant).publish(tenant, events, Date.now()), PUBLISH_TIMEOUT_MS, "WebhookOutbox");
}

/**
 * {@link publishWebhookEvents} after the response, logging (type and count, never bodies) if it fails.
 *
 * @example
 * publishInBackground(c.executionCtx, c.env, tenant, [reinstatedEvent(tenant, r, Date.now())]);
 */
export function publishInBackground(ctx: Pick<ExecutionContext, "waitUntil">, env: Env, tenant: string, events: readonly OutboundEvent[]): void {
  ctx.waitUntil(
    publishWebhookEvents(env, tenant, events).catch((error: unknown) => {
      console.error(JSON.stringify({ level: "error", msg: "webhook events not recorded", tenant, types: events.map((e) => e.type), error: (error as Error)?.name ?? "Error" }));
    }),
  );
}

/**
 * The decision sink (events/decision-fan-out.ts): BLOCK and TERMINATE decisions become webhook events.
 *
 * @example
 * DECISION_SINKS.push(webhookDecisionSink);
 */
export const webhookDecisionSink = {
  name: "webhooks",
  async publish(env: Env, tenant: string, events: readonly AuditEvent[]): Promise<void> {
    await publishWebhookEvents(env, tenant, decisionEvents(tenant, events, Date.now()));
  },
};
