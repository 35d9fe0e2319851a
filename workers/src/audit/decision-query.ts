/**
 * Reading recorded decisions for `GET /v2/decisions[/{id}]`: from Postgres when it is configured and
 * reachable (the indexes `(tenant, …, occurred_at, event_id)` serve every filter as a keyset scan), else
 * from the tenant's AuditLog, which holds every event too. Always tenant-scoped.
 */
import { and, asc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { auditEvents } from "@nethical/db";
import type { AuditEvent } from "@nethical/core";
import { eventFromRow } from "@nethical/durable-objects/audit-log/audit-row";
import { openTenantAuditDb } from "./tenant-db.ts";
import type { EventFilter } from "@nethical/durable-objects/audit-log/event-table";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { ProblemError } from "@nethical/http";
import { auditLogStub } from "./audit-log-stub.ts";

/** A recorded decision and where it was read from. */
export interface RecordedDecision {
  event: AuditEvent;
  leaf_index: number;
}

/** Where a read was served from. */
export type ReadSource = "postgres" | "audit-log";

/**
 * One page of decisions matching `filter` (fetches `limit + 1` to know whether there is a next page).
 *
 * @example
 * const { items, source } = await queryDecisions(env, "acme", { agent_id: "robot-7", limit: 51 });
 */
export async function queryDecisions(env: Env, tenant: string, filter: EventFilter): Promise<{ items: RecordedDecision[]; source: ReadSource }> {
  const db = await openTenantAuditDb(env, tenant);
  if (db !== null) {
    try {
      const where: SQL[] = [eq(auditEvents.tenant, tenant)];
      if (filter.agent_id !== undefined) where.push(eq(auditEvents.agentId, filter.agent_id));
      if (filter.decision !== undefined) where.push(eq(auditEvents.decision, filter.decision as AuditEvent["decision"]));
      if (filter.from !== undefined) where.push(gte(auditEvents.occurredAt, new Date(filter.from)));
      if (filter.to !== undefined) where.push(lt(auditEvents.occurredAt, new Date(filter.to)));
      if (filter.after !== undefined) {
        where.push(sql`(${auditEvents.occurredAt}, ${auditEvents.eventId}) > (${new Date(filter.after.time).toISOString()}::timestamptz, ${filter.after.event_id})`);
      }
      const rows = await db.db.select().from(auditEvents).where(and(...where)).orderBy(asc(auditEvents.occurredAt), asc(auditEvents.eventId)).limit(filter.limit);
      return { items: rows.map(eventFromRow), source: "postgres" };
    } catch (error) {
      logFallback(tenant, error);
    } finally {
      await db.close();
    }
  }
  const items = await fromAuditLog(() => auditLogStub(env, tenant).list(tenant, filter));
  return { items, source: "audit-log" };
}

/**
 * One decision by event id (or caller-chosen decision id), or null.
 *
 * @example
 * const found = await findDecision(env, "acme", "7d9e…");
 */
export async function findDecision(env: Env, tenant: string, id: string): Promise<(RecordedDecision & { source: ReadSource }) | null> {
  const db = await openTenantAuditDb(env, tenant);
  if (db !== null) {
    try {
      const [row] = await db.db.select().from(auditEvents).where(and(eq(auditEvents.tenant, tenant), eq(auditEvents.eventId, id))).limit(1);
      if (row !== undefined) return { ...eventFromRow(row), source: "postgres" };
    } catch (error) {
      logFallback(tenant, error);
    } finally {
      await db.close();
    }
  }
  // Not (yet) in Postgres, or a caller-chosen decision id (no column there): the AuditLog has every event.
  const found = await fromAuditLog(() => auditLogStub(env, tenant).getEvent(tenant, id));
  return found === null ? null : { ...found, source: "audit-log" };
}

async function fromAuditLog<T>(call: () => Promise<T>): Promise<T> {
  return callDurableObject(call(), "AuditLog", DO_TIMEOUT_MS, "the audit log could not be reached; try again");
}

function logFallback(tenant: string, error: unknown): void {
  const e = error as { name?: string; code?: string };
  console.warn(JSON.stringify({ level: "warn", msg: "Postgres read failed: served from the AuditLog", tenant, error: `${e?.name ?? "Error"}${e?.code ? ` ${e.code}` : ""}` }));
}
