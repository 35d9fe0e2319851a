/**
 * Sending audit events on their way without losing one: to the audit Queue (chunked within the
 * platform's sendBatch limits); if the Queue refuses, straight into the tenant's AuditLog (whose outbox
 * the AuditLog itself re-drives into Postgres). Only if both fail is an event lost — then it is logged
 * loudly (ids and counts only) and the error propagates so the platform records a failed waitUntil.
 */
import type { LogEvent } from "@nethical/core";
import { auditLogStub } from "./audit-log-stub.ts";

/** Queue limits: 100 messages and 256 KB per sendBatch; we stay under with margin. */
export const MAX_MESSAGES_PER_SEND = 100;
export const MAX_BYTES_PER_SEND = 200_000;

/** How the events went. */
export type SendRoute = "queue" | "direct" | "none";

/**
 * Split events into sendBatch-sized chunks (by count and serialised size).
 *
 * @example
 * chunkForQueue(events).length; // 1 for a single decision
 */
export function chunkForQueue(events: readonly LogEvent[]): LogEvent[][] {
  const chunks: LogEvent[][] = [];
  let current: LogEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = JSON.stringify(event).length + 64;
    if (current.length > 0 && (current.length >= MAX_MESSAGES_PER_SEND || bytes + size > MAX_BYTES_PER_SEND)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(event);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Send `events` to the audit Queue, or append them directly to their AuditLogs when the Queue fails.
 *
 * @example
 * ctx.waitUntil(sendAuditEvents(env, events));
 */
export async function sendAuditEvents(env: Env, events: readonly LogEvent[]): Promise<SendRoute> {
  if (events.length === 0) return "none";
  const failed: LogEvent[] = [];
  for (const chunk of chunkForQueue(events)) {
    try {
      await env.AUDIT_QUEUE.sendBatch(chunk.map((body) => ({ body, contentType: "json" as const })));
    } catch {
      failed.push(...chunk);
    }
  }
  if (failed.length === 0) return "queue";
  await appendDirectly(env, failed);
  return "direct";
}

/**
 * Append events straight to their tenants' AuditLogs and have the AuditLog re-drive them into Postgres.
 *
 * @example
 * await appendDirectly(env, events); // the Queue was unavailable
 */
export async function appendDirectly(env: Env, events: readonly LogEvent[]): Promise<void> {
  const byTenant = new Map<string, LogEvent[]>();
  for (const e of events) byTenant.set(e.tenant, [...(byTenant.get(e.tenant) ?? []), e]);
  await Promise.all(
    [...byTenant].map(async ([tenant, mine]) => {
      try {
        const stub = auditLogStub(env, tenant);
        await stub.append(tenant, mine);
        await stub.scheduleRedrive(tenant);
        console.warn(JSON.stringify({ level: "warn", msg: "audit queue unavailable: events appended directly", tenant, count: mine.length }));
      } catch (error) {
        console.error(JSON.stringify({ level: "error", msg: "AUDIT EVENTS LOST: queue and AuditLog both failed", tenant, count: mine.length, event_ids: mine.map((e) => e.event_id) }));
        throw error;
      }
    }),
  );
}
