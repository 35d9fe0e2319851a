/**
 * Fault test on real PostgreSQL: decisions keep flowing while PostgreSQL is stopped, then it comes back.
 * The Worker runs with `max_retries = 2` so that, within the test's outage, some messages exhaust their
 * queue retries and are dead-lettered (parked in the AuditLog outbox and re-inserted by its alarm) while
 * others succeed on a later queue retry. Afterwards: every event is present exactly once — Postgres rows,
 * AuditLog tree size and decisions made are equal, no duplicate event ids or leaf indices.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_AVAILABLE, SKIP_NOTE } from "../local-stack.ts";
import { call, SEEDED_ADMIN_EVENTS, startAuditStack, until, type AuditStack } from "./audit-stack.ts";

const BEFORE = 10;
const DURING = 20;
const AFTER = 5;
const TOTAL = BEFORE + DURING + AFTER;

async function decide(stack: AuditStack, n: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await call(stack, stack.tenant.keys.agent, "/v2/evaluate", { agent_id: `agent-${i % 3}`, action: `${label} step ${i}`, action_type: "query" });
    expect(res.status).toBe(200);
    ids.push(res.headers.get("x-nethical-audit-event-id") as string);
    await res.body?.cancel();
  }
  return ids;
}

async function treeSize(stack: AuditStack): Promise<number> {
  const res = await call(stack, stack.tenant.keys.auditor, "/v2/audit/tree-head");
  return ((await res.json()) as { tree_head: { tree_size: number } }).tree_head.tree_size;
}

describe.skipIf(!POSTGRES_AVAILABLE)(`audit trail survives PostgreSQL going away${SKIP_NOTE}`, () => {
  let stack: AuditStack;

  beforeAll(async () => {
    stack = await startAuditStack({ maxRetries: 2 });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it("stores every decision exactly once after an outage (queue retries and dead letters both used)", async () => {
    const ids = await decide(stack, BEFORE, "before");
    expect(await until(async () => (await stack.rows()).length === BEFORE, 60_000)).toBe(true);

    await stack.stopPostgres();
    for (let round = 0; round < 4; round++) {
      ids.push(...(await decide(stack, DURING / 4, `during-${round}`)));
      await new Promise((r) => setTimeout(r, 2_000));
    }
    // Decisions were answered and sequenced while the database was down.
    expect(await until(async () => (await treeSize(stack)) === BEFORE + DURING + SEEDED_ADMIN_EVENTS, 90_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 8_000)); // long enough for the first messages to be dead-lettered
    await stack.restartPostgres();
    ids.push(...(await decide(stack, AFTER, "after")));

    const complete = await until(async () => (await stack.rows()).length >= TOTAL, 180_000, 2_000);
    const rows = await stack.rows();
    expect(complete, `${rows.length} of ${TOTAL} rows after recovery`).toBe(true);
    await new Promise((r) => setTimeout(r, 3_000));
    const final = await stack.rows();
    expect(final).toHaveLength(TOTAL);
    expect(new Set(final.map((r) => r.event_id)).size).toBe(TOTAL);
    expect(final.map((r) => r.event_id).sort()).toEqual([...ids].sort());
    expect(await until(async () => (await stack.adminRows()).length >= SEEDED_ADMIN_EVENTS, 60_000)).toBe(true);
    expect(await stack.leafIndices()).toEqual(Array.from({ length: TOTAL + SEEDED_ADMIN_EVENTS }, (_, i) => i));
    expect(await treeSize(stack)).toBe(TOTAL + SEEDED_ADMIN_EVENTS);
    // Both recovery paths were taken, as the Worker's own logs say.
    expect(stack.logs()).toContain("Postgres insert failed: retrying");
    expect(stack.logs()).toContain("dead-lettered audit events parked in the AuditLog outbox");
    expect(stack.leakedSecrets()).toEqual([]);
  }, 420_000);
});
