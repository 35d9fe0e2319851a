/**
 * Consumer of the audit Queue, one batch at a time, per tenant: append to the tenant's AuditLog (the
 * Merkle sequencer; idempotent, so a redelivered event keeps its leaf index), then insert the rows with
 * their leaf indices into Postgres (`audit_events` for decisions, `admin_events` for admin events;
 * idempotent on event_id), then tell the AuditLog Postgres has them.
 * Any failure retries exactly the affected messages with backoff; nothing is acknowledged before it is
 * stored. Each tenant's rows go to the database of its residency (`DATABASE_URL_EU` for `eu`, chosen by the
 * residency seam; one pool per database per batch); a tenant whose residency cannot be read is retried.
 * Without its database's secret the AuditLog alone keeps the trail (logged once per isolate).
 */
import type { LogEvent } from "@nethical/core";
import { insertLogEvents } from "@nethical/durable-objects/audit-log/insert-log-events";
import type { AppendResult } from "@nethical/durable-objects/audit-log/audit-log";
import { openAuditDb, type AuditDbHandle } from "@nethical/durable-objects/audit-log/postgres";
import { auditDatabaseFor, auditDatabaseSecret, type AuditDatabaseSecret, type TenantRef } from "@nethical/durable-objects/residency/placement";
import { tenantRef } from "@nethical/durable-objects/residency/tenant-record";
import { auditLogStub } from "../audit/audit-log-stub.ts";
import { dbAvailable, recordDbResult } from "./db-breaker.ts";
import { groupByTenant, retryAll, type EventMessage } from "./group-messages.ts";
import { retryDelaySeconds } from "./retry-delay.ts";

let warnedNoDb = false;

/** Counts of one batch (returned for tests and logs). */
export interface ConsumeResult {
  appended: number;
  inserted: number;
  retried: number;
  dropped: number;
}

/**
 * Process one batch of the audit Queue.
 *
 * @example
 * export default { fetch: app.fetch, queue: (batch, env) => consumeAuditBatch(batch, env) };
 */
export async function consumeAuditBatch(batch: MessageBatch<unknown>, env: Env): Promise<ConsumeResult> {
  const result: ConsumeResult = { appended: 0, inserted: 0, retried: 0, dropped: 0 };
  const byTenant = groupByTenant(batch.messages, batch.queue);
  result.dropped = batch.messages.length - [...byTenant.values()].reduce((n, l) => n + l.length, 0);
  const databases = new Map<AuditDatabaseSecret, AuditDbHandle | null>();
  const databaseOf = (ref: TenantRef): AuditDbHandle | null => {
    const secret = auditDatabaseSecret(ref.residency);
    if (!databases.has(secret)) {
      const db = openAuditDb(auditDatabaseFor(env, ref));
      databases.set(secret, db);
      if (db === null && !warnedNoDb) {
        warnedNoDb = true;
        console.warn(JSON.stringify({ level: "warn", msg: `${secret} is not set: those tenants' audit trail is kept in the AuditLog Durable Objects only` }));
      }
    }
    return databases.get(secret) ?? null;
  };
  try {
    await Promise.all([...byTenant].map(([tenant, items]) => consumeTenant(env, databaseOf, tenant, items, result)));
  } finally {
    await Promise.all([...databases.values()].map((db) => db?.close()));
  }
  return result;
}

async function consumeTenant(env: Env, databaseOf: (ref: TenantRef) => AuditDbHandle | null, tenant: string, items: EventMessage[], result: ConsumeResult): Promise<void> {
  let db: AuditDbHandle | null;
  try {
    db = databaseOf(await tenantRef(env, tenant));
  } catch (error) {
    logFailure("the tenant's residency or audit database could not be chosen: retrying", tenant, items.length, error);
    retryAll(items, retryDelaySeconds);
    result.retried += items.length;
    return;
  }
  const stub = auditLogStub(env, tenant);
  let appended: AppendResult[];
  try {
    appended = await stub.append(tenant, items.map((i) => i.event));
  } catch (error) {
    logFailure("AuditLog append failed: retrying", tenant, items.length, error);
    retryAll(items, retryDelaySeconds);
    result.retried += items.length;
    return;
  }
  const rows: { event: LogEvent; leaf_index: number }[] = [];
  const stored: EventMessage[] = [];
  appended.forEach((r, k) => {
    const item = items[k] as EventMessage;
    if ((r.status === "appended" || r.status === "duplicate") && r.leaf_index !== null) {
      if (r.status === "appended") result.appended++;
      rows.push({ event: item.event, leaf_index: r.leaf_index });
      stored.push(item);
    } else {
      // A different event under an existing id (conflict) or one the log refuses: retrying cannot help.
      console.error(JSON.stringify({ level: "error", msg: `audit event ${r.status}: not appended`, tenant, event_id: r.event_id, reason: r.reason ?? null }));
      item.message.ack();
      result.dropped++;
    }
  });
  if (db === null || rows.length === 0) {
    for (const s of stored) s.message.ack();
    return;
  }
  if (!dbAvailable(Date.now())) {
    // Postgres failed moments ago: do not wait on it again; the AuditLog holds these events meanwhile.
    retryAll(stored, retryDelaySeconds);
    result.retried += stored.length;
    return;
  }
  try {
    // A row Postgres refuses for its content (a data exception) holds back none of the others. It is
    // acknowledged here: the AuditLog already holds it, signed, and its re-drive records the refusal.
    const { inserted, refused } = await insertLogEvents(db.db, rows);
    result.inserted += inserted.length;
    for (const r of refused) {
      console.error(JSON.stringify({ level: "error", msg: "Postgres refused an audit event's content: kept in the AuditLog only", tenant, event_id: r.eventId, code: r.code ?? null }));
    }
    recordDbResult(true, Date.now());
  } catch (error) {
    recordDbResult(false, Date.now());
    logFailure("Postgres insert failed: retrying", tenant, stored.length, error);
    retryAll(stored, retryDelaySeconds);
    result.retried += stored.length;
    return;
  }
  for (const s of stored) s.message.ack();
  try {
    await stub.markStored(tenant, stored.map((s) => s.event.event_id));
  } catch {
    // Harmless: the AuditLog will re-insert them later, and the insert is idempotent.
  }
}

function logFailure(msg: string, tenant: string, count: number, error: unknown): void {
  const e = error as { name?: string; code?: string };
  console.warn(JSON.stringify({ level: "warn", msg, tenant, count, error: `${e?.name ?? "Error"}${e?.code ? ` ${e.code}` : ""}` }));
}
