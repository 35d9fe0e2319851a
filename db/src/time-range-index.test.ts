/**
 * Time-range reads of the audit log (by tenant; by tenant and agent; by tenant and decision) are
 * answered from the composite indexes, not by scanning the table, and return the right rows.
 */
import { and, asc, eq, gte, lt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditDb, type AuditDb } from "./audit-db.ts";
import { auditEvents } from "./schema.ts";
import { POSTGRES_AVAILABLE, SKIP_NOTE, startLocalStack, type LocalStack } from "@nethical/dev-stack/local-stack";

const TENANTS = 8;
const PER_TENANT = 5_000; // one event a minute per tenant from 2025-01-01
const START = Date.UTC(2025, 0, 1);
const minutes = (n: number) => new Date(START + n * 60_000);

/** Every plan node that reads an index, as "NodeType:IndexName"; whether any scans the table or sorts. */
function planUses(plan: unknown): { indexes: string[]; seqScan: boolean; sort: boolean } {
  const indexes: string[] = [];
  let seqScan = false;
  let sort = false;
  const walk = (node: Record<string, unknown>) => {
    const type = String(node["Node Type"]);
    if (typeof node["Index Name"] === "string") indexes.push(`${type}:${node["Index Name"]}`);
    if (type === "Seq Scan") seqScan = true;
    if (type === "Sort" || type === "Incremental Sort") sort = true;
    for (const child of (node["Plans"] as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(((plan as { Plan: unknown }[])[0] as { Plan: Record<string, unknown> }).Plan);
  return { indexes, seqScan, sort };
}

describe.skipIf(!POSTGRES_AVAILABLE)(`time-range queries use the indexes on real PostgreSQL${SKIP_NOTE}`, () => {
  let stack: LocalStack;
  let db: AuditDb;

  beforeAll(async () => {
    stack = await startLocalStack();
    db = auditDb(stack.writer);
    // Bulk data through plain SQL (the subject here is the read path, not the insert path).
    await stack.writer.query(
      `INSERT INTO audit_events (event_id, tenant, agent_id, occurred_at, request_hash, decision, risk_score,
         explanation, policy_version, policy_hash, latency_ms, leaf_index, source)
       SELECT 't' || t || '-' || i, 'tenant-' || t, 'agent-' || (i % 50),
              $1::timestamptz + i * interval '1 minute', md5(t || ':' || i),
              (ARRAY['ALLOW','ALLOW','ALLOW','RESTRICT','BLOCK','TERMINATE'])[1 + i % 6],
              (i % 100) / 100.0, '{"summary":"bulk"}', 'v1', 'h', 0.3, i, 'edge-worker'
       FROM generate_series(0, $2::int - 1) AS t, generate_series(0, $3::int - 1) AS i`,
      [new Date(START).toISOString(), TENANTS, PER_TENANT],
    );
    await stack.owner.query("ANALYZE audit_events");
  }, 120_000);
  afterAll(async () => stack?.stop());

  async function explain(query: { toSQL(): { sql: string; params: unknown[] } }) {
    const { sql, params } = query.toSQL();
    const { rows } = await stack.writer.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    return planUses(rows[0]?.["QUERY PLAN"]);
  }

  it("reads one tenant's hour from the (tenant, occurred_at) index and returns exactly its 60 events", async () => {
    const query = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenant, "tenant-3"), gte(auditEvents.occurredAt, minutes(600)), lt(auditEvents.occurredAt, minutes(660))))
      .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.eventId));
    const plan = await explain(query);
    expect(plan.seqScan).toBe(false);
    expect(plan.indexes.some((i) => i.endsWith(":audit_events_tenant_occurred_at_idx"))).toBe(true);
    const rows = await query;
    expect(rows.map((r) => r.leafIndex)).toEqual(Array.from({ length: 60 }, (_, k) => 600 + k));
    expect(rows.every((r) => r.tenant === "tenant-3")).toBe(true);
  });

  it("reads one agent's day from the (tenant, agent_id, occurred_at) index", async () => {
    const query = db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.tenant, "tenant-1"),
          eq(auditEvents.agentId, "agent-7"),
          gte(auditEvents.occurredAt, minutes(0)),
          lt(auditEvents.occurredAt, minutes(1440)),
        ),
      );
    const plan = await explain(query);
    expect(plan.seqScan).toBe(false);
    expect(plan.indexes.some((i) => i.endsWith(":audit_events_tenant_agent_occurred_at_idx"))).toBe(true);
    const rows = await query;
    const expected = Array.from({ length: 1440 }, (_, i) => i).filter((i) => i % 50 === 7);
    expect(rows.map((r) => r.leafIndex).sort((a, b) => a - b)).toEqual(expected);
  });

  it("reads one decision's range from the (tenant, decision, occurred_at) index", async () => {
    const query = db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.tenant, "tenant-5"),
          eq(auditEvents.decision, "TERMINATE"),
          gte(auditEvents.occurredAt, minutes(1000)),
          lt(auditEvents.occurredAt, minutes(2000)),
        ),
      );
    const plan = await explain(query);
    expect(plan.seqScan).toBe(false);
    expect(plan.indexes.some((i) => i.endsWith(":audit_events_tenant_decision_occurred_at_idx"))).toBe(true);
    const rows = await query;
    expect(rows).toHaveLength(Array.from({ length: 1000 }, (_, i) => 1000 + i).filter((i) => i % 6 === 5).length);
    expect(rows.every((r) => r.decision === "TERMINATE")).toBe(true);
  });

  it("pages with a keyset (occurred_at, event_id) straight off the index, in order", async () => {
    const page = db
      .select({ eventId: auditEvents.eventId, occurredAt: auditEvents.occurredAt })
      .from(auditEvents)
      .where(and(eq(auditEvents.tenant, "tenant-0"), gte(auditEvents.occurredAt, minutes(4000))))
      .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.eventId))
      .limit(20);
    const plan = await explain(page);
    expect(plan.seqScan).toBe(false);
    expect(plan.sort).toBe(false);
    expect(plan.indexes.some((i) => /^Index (Only )?Scan:audit_events_tenant_occurred_at_idx$/.test(i))).toBe(true);
    const rows = await page;
    expect(rows.map((r) => r.eventId)).toEqual(Array.from({ length: 20 }, (_, k) => `t0-${4000 + k}`));
  });
});
