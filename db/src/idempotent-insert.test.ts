/**
 * Redelivered audit events never become duplicate rows: inserts are idempotent on event_id, through
 * the Neon driver + ws proxy + drizzle, as the nethical_writer role the Worker uses.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditDb, type AuditDb } from "./audit-db.ts";
import { AuditInsertError, insertAuditEvents } from "./insert-audit-events.ts";
import { auditEvents } from "./schema.ts";
import { POSTGRES_AVAILABLE, SKIP_NOTE, startLocalStack, type LocalStack } from "@nethical/dev-stack/local-stack";
import { sampleEvent } from "./testing/sample-events.ts";

describe.skipIf(!POSTGRES_AVAILABLE)(`idempotent audit inserts on real PostgreSQL${SKIP_NOTE}`, () => {
  let stack: LocalStack;
  let db: AuditDb;

  beforeAll(async () => {
    stack = await startLocalStack();
    db = auditDb(stack.writer);
  }, 120_000);
  afterAll(async () => stack?.stop());

  async function rowsOf(tenant: string): Promise<number> {
    const [row] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.tenant, tenant));
    return row?.n ?? -1;
  }

  it("inserts a batch once and ignores its redelivery", async () => {
    const batch = Array.from({ length: 25 }, (_, i) => sampleEvent(i, { tenant: "redelivery" }));
    const first = await insertAuditEvents(db, batch);
    const second = await insertAuditEvents(db, batch);
    expect(first.sort()).toEqual(batch.map((e) => e.eventId).sort());
    expect(second).toEqual([]);
    expect(await rowsOf("redelivery")).toBe(25);
  });

  it("keeps the first row when a re-sent event_id carries different content", async () => {
    const original = sampleEvent(0, { tenant: "first-wins", decision: "BLOCK", riskScore: 0.9 });
    await insertAuditEvents(db, [original]);
    const inserted = await insertAuditEvents(db, [{ ...original, decision: "ALLOW", riskScore: 0 }]);
    const stored = await db.select().from(auditEvents).where(eq(auditEvents.eventId, original.eventId));
    expect(inserted).toEqual([]);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.decision).toBe("BLOCK");
    expect(stored[0]?.riskScore).toBe(0.9);
  });

  it("stores an event_id repeated inside one batch once", async () => {
    const event = sampleEvent(7, { tenant: "dup-in-batch" });
    const inserted = await insertAuditEvents(db, [event, event, sampleEvent(8, { tenant: "dup-in-batch" })]);
    expect(inserted).toHaveLength(2);
    expect(await rowsOf("dup-in-batch")).toBe(2);
  });

  it("stores each event exactly once when the same batch races on several connections", async () => {
    const batch = Array.from({ length: 40 }, (_, i) => sampleEvent(i, { tenant: "race" }));
    const results = await Promise.all([1, 2, 3, 4].map(() => insertAuditEvents(db, batch)));
    expect(results.flat().sort()).toEqual(batch.map((e) => e.eventId).sort());
    expect(await rowsOf("race")).toBe(40);
  });

  it("refuses a different event that claims a leaf index already taken in the tenant's log", async () => {
    await insertAuditEvents(db, [sampleEvent(0, { tenant: "leaf" })]);
    const impostor = sampleEvent(0, { tenant: "leaf", eventId: "evt-impostor" });
    const refused = await insertAuditEvents(db, [impostor]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuditInsertError);
    expect(refused).toMatchObject({ code: "23505", constraint: "audit_events_tenant_leaf_index_key" });
    expect((refused as Error).message).not.toContain(impostor.requestHash); // no query parameters echoed
    // the same leaf index in another tenant's log is fine
    await insertAuditEvents(db, [sampleEvent(0, { tenant: "leaf-other" })]);
    expect(await rowsOf("leaf")).toBe(1);
    expect(await rowsOf("leaf-other")).toBe(1);
  });

  it("round-trips the JSON explanation, violations and obligations unchanged", async () => {
    const event = sampleEvent(1, {
      tenant: "json",
      decision: "RESTRICT",
      violations: [{ id: "v1", law: 7, category: "privacy", severity: "high", confidence: 0.8, span: { start: 3, end: 9 } }],
      obligations: [{ type: "redact", spans: [{ start: 3, end: 9 }] }],
      explanation: { summary: "PII redacted", decided_by: [], laws: [7], risk_features: { pii: 1 } },
    });
    await insertAuditEvents(db, [event]);
    const [stored] = await db.select().from(auditEvents).where(eq(auditEvents.eventId, event.eventId));
    expect(stored?.violations).toEqual(event.violations);
    expect(stored?.obligations).toEqual(event.obligations);
    expect(stored?.explanation).toEqual(event.explanation);
    expect(stored?.occurredAt.toISOString()).toBe(event.occurredAt.toISOString());
  });
});
