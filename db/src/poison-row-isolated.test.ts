/**
 * Red-team defect 2 in the store: a row Postgres refuses (here a NUL byte, SQLSTATE 22021, and a
 * second refusal in the same batch) holds back none of the events batched with it.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_AVAILABLE, SKIP_NOTE, startLocalStack, type LocalStack } from "@nethical/dev-stack/local-stack";
import { auditDb, type AuditDb } from "./audit-db.ts";
import { AuditInsertError, insertAuditEvents, insertAuditEventsIsolating } from "./insert-audit-events.ts";
import { auditEvents } from "./schema.ts";
import { sampleEvent } from "./testing/sample-events.ts";

describe.skipIf(!POSTGRES_AVAILABLE)(`a poison row is isolated on real PostgreSQL${SKIP_NOTE}`, () => {
  let stack: LocalStack;
  let db: AuditDb;

  beforeAll(async () => {
    stack = await startLocalStack();
    db = auditDb(stack.writer);
  }, 120_000);
  afterAll(async () => stack?.stop());

  it("inserts every innocent event of a batch and reports each refused one with its SQLSTATE", async () => {
    const batch = Array.from({ length: 12 }, (_, i) => sampleEvent(i, { tenant: "poison" }));
    batch[3] = { ...(batch[3] as (typeof batch)[number]), agentId: "nul\u0000agent" };
    batch[9] = { ...(batch[9] as (typeof batch)[number]), agentId: "also\u0000bad" };
    // The plain insert refuses the whole batch: what held six innocent rows back in the red-team run.
    await expect(insertAuditEvents(db, batch)).rejects.toBeInstanceOf(AuditInsertError);

    const { inserted, refused } = await insertAuditEventsIsolating(db, batch);
    expect(refused).toEqual([
      { eventId: batch[3]?.eventId, code: "22021" },
      { eventId: batch[9]?.eventId, code: "22021" },
    ]);
    expect(inserted.sort()).toEqual(batch.filter((_, i) => i !== 3 && i !== 9).map((e) => e.eventId).sort());
    const [row] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.tenant, "poison"));
    expect(row?.n).toBe(10);
    // A hang guard, not a time budget: the batch, then each row with its own savepoint, through the ws proxy
    // to a real PostgreSQL, took over vitest's default 5 s once on a loaded 2-core CI machine.
  }, 30_000);

  it("still throws for the whole batch when the failure is not about a row's content (no privilege)", async () => {
    const readOnly = auditDb(stack.reader);
    const batch = [sampleEvent(0, { tenant: "read-only" }), sampleEvent(1, { tenant: "read-only", agentId: "x\u0000" })];
    await expect(insertAuditEventsIsolating(readOnly, batch)).rejects.toMatchObject({ code: "42501" });
  }, 30_000);
});
