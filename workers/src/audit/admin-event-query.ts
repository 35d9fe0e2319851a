/**
 * Reading admin audit events for `GET /v2/audit/admin-events`: from Postgres (`admin_events`, indexed
 * `(tenant, action|…, occurred_at, event_id)`) when configured and reachable, else from the tenant's
 * AuditLog, which holds every event too. Always tenant-scoped; keyset-paged by (time, event_id).
 */
import { and, asc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { adminEvents } from "@nethical/db";
import type { AdminAuditEvent } from "@nethical/core";
import { adminEventFromRow } from "@nethical/durable-objects/audit-log/admin-row";
import { openTenantAuditDb } from "./tenant-db.ts";
import type { EventFilter } from "@nethical/durable-objects/audit-log/event-table";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { auditLogStub } from "./audit-log-stub.ts";
import type { ReadSource } from "./decision-query.ts";

/** An admin event with its leaf index. */
export interface RecordedAdminEvent {
  event: AdminAuditEvent;
  leaf_index: number;
}

/**
 * One page of admin events matching `filter` (`action`, `agent_id` = target agent, `from`, `to`, `after`).
 *
 * @example
 * const { items, source } = await queryAdminEvents(env, "acme", { action: "key.revoke", limit: 51 });
 */
export async function queryAdminEvents(env: Env, tenant: string, filter: EventFilter): Promise<{ items: RecordedAdminEvent[]; source: ReadSource }> {
  const db = await openTenantAuditDb(env, tenant);
  if (db !== null) {
    try {
      const where: SQL[] = [eq(adminEvents.tenant, tenant)];
      if (filter.action !== undefined) where.push(eq(adminEvents.action, filter.action));
      if (filter.agent_id !== undefined) where.push(eq(adminEvents.targetType, "agent"), eq(adminEvents.targetId, filter.agent_id));
      if (filter.from !== undefined) where.push(gte(adminEvents.occurredAt, new Date(filter.from)));
      if (filter.to !== undefined) where.push(lt(adminEvents.occurredAt, new Date(filter.to)));
      if (filter.after !== undefined) {
        where.push(sql`(${adminEvents.occurredAt}, ${adminEvents.eventId}) > (${new Date(filter.after.time).toISOString()}::timestamptz, ${filter.after.event_id})`);
      }
      const rows = await db.db.select().from(adminEvents).where(and(...where)).orderBy(asc(adminEvents.occurredAt), asc(adminEvents.eventId)).limit(filter.limit);
      return { items: rows.map(adminEventFromRow), source: "postgres" };
    } catch (error) {
      const e = error as { name?: string; code?: string };
      console.warn(JSON.stringify({ level: "warn", msg: "Postgres read failed: served from the AuditLog", tenant, error: `${e?.name ?? "Error"}${e?.code ? ` ${e.code}` : ""}` }));
    } finally {
      await db.close();
    }
  }
  const items = await callDurableObject(auditLogStub(env, tenant).listAdmin(tenant, filter), "AuditLog", DO_TIMEOUT_MS, "the audit log could not be reached; try again");
  return { items, source: "audit-log" };
}
