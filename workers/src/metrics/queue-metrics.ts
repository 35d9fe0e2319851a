/**
 * Queue metrics: every message a consumer hands back for another try counts in `queue_retries` of the
 * message's tenant (label `queue`: audit, audit_dlq, webhooks, webhooks_dlq), by wrapping the batch the
 * consumers see; dead letters are counted where the consumers give up on a message (countDeadLetters).
 */
import { countMetric } from "./buffer.ts";

/** The `queue` label of a queue's name (wrangler.toml). */
const QUEUE_LABELS: Readonly<Record<string, string>> = {
  "nethical-audit": "audit",
  "nethical-audit-dlq": "audit_dlq",
  "nethical-webhooks": "webhooks",
  "nethical-webhooks-dlq": "webhooks_dlq",
};

/** The tenant a message belongs to: audit events and webhook delivery jobs carry it as `tenant`. */
function tenantOf(body: unknown): string | null {
  const tenant = (body as { tenant?: unknown } | null)?.tenant;
  return typeof tenant === "string" && tenant.length > 0 ? tenant : null;
}

/**
 * `batch` as the consumers should see it: the same messages, with `retry` (and the batch's `retryAll`)
 * counted per tenant.
 *
 * @example
 * await consumeAuditBatch(countingRetries(batch), env);
 */
export function countingRetries<T>(batch: MessageBatch<T>): MessageBatch<T> {
  const queue = QUEUE_LABELS[batch.queue] ?? "other";
  const counted = (message: Message<T>) => {
    const tenant = tenantOf(message.body);
    if (tenant !== null) countMetric(tenant, "queue_retries", { queue });
  };
  const messages = batch.messages.map(
    (message) =>
      new Proxy(message, {
        get(target, prop) {
          if (prop === "retry") return (options?: QueueRetryOptions) => (counted(target), target.retry(options));
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
  );
  return new Proxy(batch, {
    get(target, prop) {
      if (prop === "messages") return messages;
      if (prop === "retryAll") return (options?: QueueRetryOptions) => (messages.forEach(counted), target.retryAll(options));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Count `n` messages of `tenant` that `queue` ("audit", "webhooks") gave up on.
 *
 * @example
 * countDeadLetters("acme", "webhooks", 1);
 */
export function countDeadLetters(tenant: string, queue: "audit" | "webhooks", n: number): void {
  countMetric(tenant, "queue_dead_letters", { queue }, n);
}
