/**
 * The webhook delivery queue's consumers. `nethical-webhooks`: for each message (ids only), ask the
 * tenant's WebhookOutbox for a ticket (target, secrets, body), attempt it, record the outcome in the
 * delivery log, and ack on 2xx or retry with backoff. `nethical-webhooks-dlq`: what the queue gave up on
 * is marked dead-lettered in the log. A refused target is dead-lettered at once (retrying cannot help).
 */
import { z } from "zod";
import type { DeliveryJob } from "@nethical/durable-objects/webhook-outbox/types";
import { retryBaseSeconds, webhookRetryDelaySeconds } from "./backoff.ts";
import { attemptDelivery } from "./deliver.ts";
import { webhookOutboxStub } from "./outbox-stub.ts";
import { countDeadLetters } from "../metrics/queue-metrics.ts";

/** Queue names (wrangler.toml). */
export const WEBHOOK_QUEUE_NAME = "nethical-webhooks";
export const WEBHOOK_DLQ_NAME = "nethical-webhooks-dlq";

const JobSchema = z.object({
  tenant: z.string().min(1).max(63),
  subscription_id: z.string().min(1).max(64),
  delivery_id: z.string().min(1).max(64),
  manual: z.boolean().optional(),
});

/**
 * Deliver a batch (messages in parallel).
 *
 * @example
 * if (batch.queue === WEBHOOK_QUEUE_NAME) await consumeWebhookBatch(batch, env);
 */
export async function consumeWebhookBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const base = retryBaseSeconds(env.WEBHOOK_RETRY_BASE_SECONDS);
  const development = env.ENVIRONMENT === "development";
  await Promise.all(batch.messages.map((message) => deliverOne(message, env, base, development)));
}

async function deliverOne(message: Message<unknown>, env: Env, base: number, development: boolean): Promise<void> {
  const job = parseJob(message);
  if (job === null) return;
  const delay = webhookRetryDelaySeconds(message.attempts, base);
  try {
    const outbox = webhookOutboxStub(env, job.tenant);
    const ticket = await outbox.ticket(job.tenant, job, Date.now());
    if (ticket.kind === "skip") return message.ack();
    if (ticket.kind === "busy") return message.retry({ delaySeconds: Math.max(delay, 1) });
    const result = await attemptDelivery(ticket, development);
    const now = Date.now();
    const nextRetryAt = result.ok || !result.retryable ? null : now + delay * 1000;
    await outbox.recordAttempt(job.tenant, job.delivery_id, { ok: result.ok, status_code: result.status_code, error: result.error, duration_ms: result.duration_ms, manual: job.manual === true, next_retry_at: nextRetryAt }, now);
    if (result.ok) return message.ack();
    if (!result.retryable) {
      await outbox.deadLetter(job.tenant, job.delivery_id, now);
      countDeadLetters(job.tenant, "webhooks", 1);
      return message.ack();
    }
    message.retry({ delaySeconds: delay });
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "webhook delivery could not be processed: retried", tenant: job.tenant, delivery_id: job.delivery_id, error: (error as Error)?.name ?? "Error" }));
    message.retry({ delaySeconds: Math.max(delay, 1) });
  }
}

/**
 * Mark what the delivery queue gave up on as dead-lettered in the delivery log.
 *
 * @example
 * if (batch.queue === WEBHOOK_DLQ_NAME) await consumeWebhookDeadLetters(batch, env);
 */
export async function consumeWebhookDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      const job = parseJob(message);
      if (job === null) return;
      try {
        await webhookOutboxStub(env, job.tenant).deadLetter(job.tenant, job.delivery_id, Date.now());
        countDeadLetters(job.tenant, "webhooks", 1);
        console.warn(JSON.stringify({ level: "warn", msg: "webhook delivery dead-lettered", tenant: job.tenant, subscription_id: job.subscription_id, delivery_id: job.delivery_id }));
        message.ack();
      } catch {
        message.retry({ delaySeconds: 5 });
      }
    }),
  );
}

function parseJob(message: Message<unknown>): DeliveryJob | null {
  const parsed = JobSchema.safeParse(message.body);
  if (parsed.success) return parsed.data;
  console.error(JSON.stringify({ level: "error", msg: "webhook queue message is not a delivery job: dropped", id: message.id }));
  message.ack();
  return null;
}
