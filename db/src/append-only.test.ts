/**
 * The audit store is append-only in the database itself: the writer role has no UPDATE, DELETE or
 * TRUNCATE privilege, and triggers refuse them even to the table owner. Tree heads likewise, and a
 * second root for an already-recorded tree size (a forked log) is refused.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditDb, type AuditDb } from "./audit-db.ts";
import { insertAuditEvents } from "./insert-audit-events.ts";
import { auditEvents, policyVersions, treeHeads } from "./schema.ts";
import { POSTGRES_AVAILABLE, SKIP_NOTE, startLocalStack, type LocalStack } from "@nethical/dev-stack/local-stack";
import { sampleEvent } from "./testing/sample-events.ts";

/** The Postgres error behind whatever the driver or drizzle threw. */
async function pgError(work: Promise<unknown>): Promise<{ code?: string; message: string }> {
  const error: unknown = await work.then(
    () => new Error("expected the statement to be refused, but it succeeded"),
    (e: unknown) => e,
  );
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return inner as { code?: string; message: string };
}

const head = (treeSize: number, rootHash: string, second: number) => ({
  tenant: "acme",
  treeSize,
  rootHash,
  timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, second)),
  signature: "c2lnbmF0dXJl",
  keyId: "key-1",
});

describe.skipIf(!POSTGRES_AVAILABLE)(`append-only audit store on real PostgreSQL${SKIP_NOTE}`, () => {
  let stack: LocalStack;
  let writer: AuditDb;

  beforeAll(async () => {
    stack = await startLocalStack();
    writer = auditDb(stack.writer);
    await insertAuditEvents(writer, [0, 1, 2].map((i) => sampleEvent(i)));
    await writer.insert(treeHeads).values(head(3, "aa".repeat(32), 0));
  }, 120_000);
  afterAll(async () => stack?.stop());

  async function snapshot() {
    const events = await stack.owner.query("SELECT event_id, decision FROM audit_events ORDER BY event_id");
    const heads = await stack.owner.query("SELECT tree_size, root_hash FROM tree_heads ORDER BY tree_size");
    return { events: events.rows, heads: heads.rows };
  }

  it("denies the writer role UPDATE, DELETE and TRUNCATE on audit_events (no privilege)", async () => {
    const before = await snapshot();
    const update = await pgError(writer.update(auditEvents).set({ decision: "ALLOW" }).where(eq(auditEvents.leafIndex, 0)));
    const del = await pgError(writer.delete(auditEvents).where(eq(auditEvents.leafIndex, 1)));
    const truncate = await pgError(stack.writer.query("TRUNCATE audit_events"));
    for (const refused of [update, del, truncate]) {
      expect(refused.code).toBe("42501");
      expect(refused.message).toMatch(/permission denied for table audit_events/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("denies the writer role UPDATE, DELETE and TRUNCATE on tree_heads (no privilege)", async () => {
    const before = await snapshot();
    for (const statement of ["UPDATE tree_heads SET root_hash = 'x'", "DELETE FROM tree_heads", "TRUNCATE tree_heads"]) {
      const refused = await pgError(stack.writer.query(statement));
      expect(refused.code).toBe("42501");
      expect(refused.message).toMatch(/permission denied for table tree_heads/);
    }
    expect(await snapshot()).toEqual(before);
  });

  // @req CTL-record-keeping
  it("stops even the table owner: UPDATE, DELETE and TRUNCATE raise from the append-only triggers", async () => {
    const before = await snapshot();
    const statements = [
      ["UPDATE audit_events SET decision = 'ALLOW' WHERE leaf_index = 0", /audit_events is append-only: UPDATE is not allowed/],
      ["DELETE FROM audit_events WHERE leaf_index = 1", /audit_events is append-only: DELETE is not allowed/],
      ["TRUNCATE audit_events", /audit_events is append-only: TRUNCATE is not allowed/],
      ["UPDATE tree_heads SET root_hash = 'x'", /tree_heads is append-only: UPDATE is not allowed/],
      ["DELETE FROM tree_heads", /tree_heads is append-only: DELETE is not allowed/],
      ["TRUNCATE tree_heads", /tree_heads is append-only: TRUNCATE is not allowed/],
    ] as const;
    for (const [statement, message] of statements) {
      const refused = await pgError(stack.owner.query(statement));
      expect(refused.code).toBe("P0001");
      expect(refused.message).toMatch(message);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lets the reader role read but not write", async () => {
    const { rows } = await stack.reader.query("SELECT count(*)::int AS n FROM audit_events");
    expect(rows[0]?.n).toBe(3);
    const refused = await pgError(insertAuditEvents(auditDb(stack.reader), [sampleEvent(9)]));
    expect(refused.code).toBe("42501");
  });

  it("refuses a second, different root for a tree size already recorded (split view)", async () => {
    const forked = await pgError(writer.insert(treeHeads).values(head(3, "bb".repeat(32), 5)));
    expect(forked.message).toMatch(/different root is already recorded for tenant acme at tree size 3/);
    // re-signing the same root later, and redelivering the same head, are both fine
    await writer.insert(treeHeads).values(head(3, "aa".repeat(32), 9));
    await writer.insert(treeHeads).values(head(3, "aa".repeat(32), 9)).onConflictDoNothing();
    const rows = await writer.select().from(treeHeads).where(eq(treeHeads.treeSize, 3));
    expect(rows.map((r) => r.rootHash)).toEqual(["aa".repeat(32), "aa".repeat(32)]);
  });

  it("lets the writer move a policy version's status, and nothing else about it", async () => {
    await writer.insert(policyVersions).values({
      tenant: "acme", policyId: "p1", version: "1", seq: 1, hash: "cd".repeat(32), document: { rules: [] }, status: "quarantine",
    });
    await writer.update(policyVersions).set({ status: "active" }).where(eq(policyVersions.policyId, "p1"));
    const refused = await pgError(
      writer.update(policyVersions).set({ document: { rules: ["sneaky"] } }).where(eq(policyVersions.policyId, "p1")),
    );
    expect(refused.code).toBe("42501");
    const delRefused = await pgError(writer.delete(policyVersions).where(eq(policyVersions.policyId, "p1")));
    expect(delRefused.code).toBe("42501");
    const [row] = await writer.select().from(policyVersions).where(eq(policyVersions.policyId, "p1"));
    expect(row?.status).toBe("active");
    expect(row?.document).toEqual({ rules: [] });
  });

  it("keeps the session from bypassing triggers: only a superuser may set session_replication_role", async () => {
    const refused = await pgError(stack.owner.query("SET session_replication_role = replica"));
    expect(refused.code).toBe("42501");
    const { rows } = await stack.owner.query("SELECT current_user AS u, current_setting('session_replication_role') AS r");
    expect(rows[0]).toEqual({ u: "nethical_owner", r: "origin" });
  });
});
