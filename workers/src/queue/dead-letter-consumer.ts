/**
 * Consumer of the audit dead-letter queue: messages that exhausted their retries (Postgres down for
 * minutes, an AuditLog that kept failing). Each event is parked in its tenant's AuditLog — appended if it
 * never was (idempotent otherwise) and left in the outbox (`in_db = 0`) — and the AuditLog's alarm
 * re-inserts the outbox into Postgres until it succeeds. So after recovery the AuditLog and Postgres hold
 * the same events, each exactly once. A failed park retries the dead letter.
 */
import { auditLogStub } from "../audit/audit-log-stub.ts";
import { groupByTenant, retryAll } from "./group-messages.ts";
import { retryDelaySeconds } from "./retry-delay.ts";
import { countDeadLetters } from "../metrics/queue-metrics.ts";

/**
 * Process one batch of the dead-letter queue; resolves with how many events were parked.
 *
 * @example
 * if (batch.queue === AUDIT_DLQ_NAME) await consumeDeadLetters(batch, env);
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<number> {
  let parked = 0;
  await Promise.all(
    [...groupByTenant(batch.messages, batch.queue)].map(async ([tenant, items]) => {
      try {
        const stub = auditLogStub(env, tenant);
        const results = await stub.append(tenant, items.map((i) => i.event));
        await stub.scheduleRedrive(tenant);
        results.forEach((r, k) => {
          if (r.status !== "appended" && r.status !== "duplicate") {
            console.error(JSON.stringify({ level: "error", msg: `dead-lettered audit event ${r.status}`, tenant, event_id: r.event_id }));
          }
          items[k]?.message.ack();
        });
        parked += items.length;
        countDeadLetters(tenant, "audit", items.length);
        console.warn(JSON.stringify({ level: "warn", msg: "dead-lettered audit events parked in the AuditLog outbox", tenant, count: items.length }));
      } catch {
        retryAll(items, retryDelaySeconds);
      }
    }),
  );
  return parked;
}
