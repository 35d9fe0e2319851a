/**
 * Decision counts per fairness cohort and outcome, from stored decisions: the Postgres of the tenant's
 * residency (workers/src/audit/tenant-db.ts) when configured and reachable (`GROUP BY cohort_id, decision` over the partial index `(tenant, cohort_field, occurred_at)`),
 * else the tenant's AuditLog (a scan of its events in the time range). Always tenant-scoped. Only
 * decisions the Worker stamped (`source = 'edge-worker'`): a device holds no salt, so a cohort in an
 * uploaded event is not trusted.
 */
import { and, count, eq, gte, lt } from "drizzle-orm";
import { auditEvents } from "@nethical/db";
import type { CohortCountRow } from "@nethical/durable-objects/audit-log/event-table";
import { auditLogStub } from "../audit/audit-log-stub.ts";
import type { ReadSource } from "../audit/decision-query.ts";
import { openTenantAuditDb } from "../audit/tenant-db.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";

/**
 * Counts of decisions stamped with cohort `field` in [from, to) ms.
 *
 * @example
 * const { rows, source } = await cohortCountRows(env, "acme", "applicant_group", 0, Date.now());
 */
export async function cohortCountRows(env: Env, tenant: string, field: string, from: number, to: number): Promise<{ rows: CohortCountRow[]; source: ReadSource }> {
  const db = await openTenantAuditDb(env, tenant);
  if (db !== null) {
    try {
      const rows = await db.db
        .select({ cohort: auditEvents.cohortId, decision: auditEvents.decision, n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.tenant, tenant), eq(auditEvents.cohortField, field), eq(auditEvents.source, "edge-worker"), gte(auditEvents.occurredAt, new Date(from)), lt(auditEvents.occurredAt, new Date(to))))
        .groupBy(auditEvents.cohortId, auditEvents.decision);
      return { rows: rows.map((r) => ({ cohort: String(r.cohort), decision: r.decision, n: Number(r.n) })), source: "postgres" };
    } catch (error) {
      const e = error as { name?: string; code?: string };
      console.warn(JSON.stringify({ level: "warn", msg: "Postgres read failed: served from the AuditLog", tenant, error: `${e?.name ?? "Error"}${e?.code ? ` ${e.code}` : ""}` }));
    } finally {
      await db.close();
    }
  }
  const rows = await callDurableObject(auditLogStub(env, tenant).cohortCounts(tenant, field, from, to), "AuditLog", DO_TIMEOUT_MS * 3, "the audit log could not be reached; try again");
  return { rows, source: "audit-log" };
}
