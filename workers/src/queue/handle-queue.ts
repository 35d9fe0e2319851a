/**
 * The Worker's `queue` handler: routes a batch to the audit consumer or the dead-letter consumer, or to the
 * outbound webhook consumers (workers/src/webhooks/consumer.ts), by the queue's name (wrangler.toml).
 */
import { consumeAuditBatch } from "./audit-consumer.ts";
import { consumeDeadLetters } from "./dead-letter-consumer.ts";
import { settleMetrics } from "../metrics/buffer.ts";
import { countingRetries } from "../metrics/queue-metrics.ts";
import { consumeWebhookBatch, consumeWebhookDeadLetters, WEBHOOK_DLQ_NAME, WEBHOOK_QUEUE_NAME } from "../webhooks/consumer.ts";

/** Queue names (wrangler.toml). */
export const AUDIT_QUEUE_NAME = "nethical-audit";
export const AUDIT_DLQ_NAME = "nethical-audit-dlq";

/**
 * Handle one message batch.
 *
 * @example
 * export default { fetch: app.fetch, queue: handleQueue } satisfies ExportedHandler<Env>;
 */
export async function handleQueue(received: MessageBatch<unknown>, env: Env): Promise<void> {
  // Retries and dead letters count in the tenants' metrics, stored before the handler returns.
  const batch = countingRetries(received);
  try {
    if (batch.queue === AUDIT_DLQ_NAME) await consumeDeadLetters(batch, env);
    else if (batch.queue === AUDIT_QUEUE_NAME) await consumeAuditBatch(batch, env);
    else if (batch.queue === WEBHOOK_QUEUE_NAME) await consumeWebhookBatch(batch, env);
    else if (batch.queue === WEBHOOK_DLQ_NAME) await consumeWebhookDeadLetters(batch, env);
    else {
      console.error(JSON.stringify({ level: "error", msg: "batch from an unknown queue: retried", queue: batch.queue }));
      batch.retryAll();
    }
  } finally {
    await settleMetrics(env);
  }
}
