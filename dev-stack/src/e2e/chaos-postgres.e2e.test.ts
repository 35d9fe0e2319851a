/**
 * CHAOS suite (issue 14), PostgreSQL part, with real processes: `wrangler dev` (Worker, Durable Objects,
 * Queues) writing through the Neon driver's WebSocket proxy and a TCP fault proxy to a real PostgreSQL.
 * Decisions flow (many agents, some killed by a TERMINATE rule) while PostgreSQL lags (every chunk held
 * 300 ms), fails (connections reset and refused) and — in the full run — is stopped and restarted. Then,
 * with the faults lifted: every answered decision is one Postgres row and one AuditLog leaf (lost 0,
 * duplicated 0), no ALLOW after a TERMINATE, no unevaluated ALLOW. `npm test` runs the CI share;
 * `npm run suite:chaos` the full one, writing the `postgres` section of bench/results/chaos.json.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_AVAILABLE, SKIP_NOTE } from "../local-stack.ts";
import { writeSuiteSection } from "../suite-results.ts";
import { SEEDED_ADMIN_EVENTS, startAuditStack, until, type AuditStack } from "./audit-stack.ts";

const FULL = process.env.NETHICAL_SUITE === "full";
const AGENTS = FULL ? 12 : 6;
const WAVES_PER_PHASE = FULL ? 10 : 3;

interface Answer {
  agent: string;
  decision: string;
  eventId: string;
  seq: number | null;
  degraded: string | null;
  sentAt: number;
  receivedAt: number;
}

/** Admin events in the log besides decisions: the seeding's keys issued and the policy set below. */
const ADMIN_EVENTS = SEEDED_ADMIN_EVENTS + 1;

describe.skipIf(!POSTGRES_AVAILABLE)(`chaos: PostgreSQL lags, fails and restarts while decisions flow${SKIP_NOTE}`, () => {
  let stack: AuditStack;

  beforeAll(async () => {
    stack = await startAuditStack({ faultProxy: true, ...(FULL ? { maxRetries: 2 } : {}) });
    const res = await fetch(`${stack.url}/v2/policies/active`, {
      method: "PUT",
      headers: { authorization: `Bearer ${stack.tenant.keys.operator}`, "content-type": "application/json" },
      body: JSON.stringify({
        version: 1,
        name: "chaos-kill-switch",
        default: { decision: "ALLOW" },
        rules: [{ id: "kill-switch", when: { field: "context.kill", op: "eq", value: true }, then: { decision: "TERMINATE", reason: "chaos kill switch" } }],
      }),
    });
    expect(res.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it("every decision stored exactly once, no ALLOW after TERMINATE, no unevaluated ALLOW", async () => {
    const started = Date.now();
    const answers: Answer[] = [];
    const refused: Record<string, number> = {};
    const perPhase: Record<string, number> = {};
    let wave = 0;
    const flow = async (phase: string) => {
      for (let w = 0; w < WAVES_PER_PHASE; w++, wave++) {
        await Promise.all(
          Array.from({ length: AGENTS }, async (_, a) => {
            const agent = `chaos-agent-${a}`;
            const kill = a % 3 === 0 && wave === 2 + a;
            const sentAt = Date.now();
            const res = await fetch(`${stack.url}/v2/evaluate`, {
              method: "POST",
              headers: { authorization: `Bearer ${stack.tenant.keys.agent}`, "content-type": "application/json" },
              body: JSON.stringify({ agent_id: agent, action: `${phase} step ${wave}`, action_type: "query", ...(kill ? { context: { kill: true } } : {}) }),
            });
            if (res.status !== 200) {
              refused[res.status] = (refused[res.status] ?? 0) + 1;
              await res.body?.cancel();
              return;
            }
            const body = (await res.json()) as { decision: string };
            const seq = res.headers.get("x-nethical-agent-seq");
            answers.push({ agent, decision: body.decision, eventId: res.headers.get("x-nethical-audit-event-id") ?? "", seq: seq === null ? null : Number(seq), degraded: res.headers.get("x-nethical-degraded"), sentAt, receivedAt: Date.now() });
            perPhase[phase] = (perPhase[phase] ?? 0) + 1;
          }),
        );
      }
    };

    const faults = stack.pgFaults;
    if (faults === null) throw new Error("the stack has no fault proxy");
    await flow("healthy");
    faults.set({ latencyMs: 300 });
    await flow("latency");
    faults.set({ latencyMs: 0, down: true });
    await flow("errors");
    await new Promise((r) => setTimeout(r, FULL ? 8_000 : 2_000));
    faults.set({ down: false });
    if (FULL) {
      await stack.stopPostgres();
      await flow("stopped");
      await new Promise((r) => setTimeout(r, 8_000));
      await stack.restartPostgres();
    }
    await flow("recovered");

    const expected = new Set(answers.map((a) => a.eventId));
    await until(async () => (await stack.rows()).length >= expected.size, FULL ? 300_000 : 90_000, 1_000);
    await until(async () => (await stack.adminRows()).length >= ADMIN_EVENTS, 90_000, 1_000);
    await new Promise((r) => setTimeout(r, 2_000)); // a late duplicate would show now
    const rows = await stack.rows();
    const treeRes = await fetch(`${stack.url}/v2/audit/tree-head`, { headers: { authorization: `Bearer ${stack.tenant.keys.auditor}` } });
    const treeSize = ((await treeRes.json()) as { tree_head: { tree_size: number } }).tree_head.tree_size;
    const stored = new Set(rows.map((r) => r.event_id));
    const lost = [...expected].filter((id) => !stored.has(id)).length;
    const duplicated = rows.length - stored.size + (answers.length - expected.size) + Math.max(0, treeSize - ADMIN_EVENTS - expected.size) + [...stored].filter((id) => !expected.has(id)).length;

    let allowAfterTerminate = 0;
    let allowUnevaluated = 0;
    for (let a = 0; a < AGENTS; a++) {
      const mine = answers.filter((x) => x.agent === `chaos-agent-${a}`);
      const recorded = mine.filter((x) => x.decision === "TERMINATE" && x.seq !== null);
      const seen = Math.min(...recorded.map((x) => x.receivedAt));
      const seq = Math.min(...recorded.map((x) => x.seq as number));
      for (const x of mine) {
        const weaker = x.decision === "ALLOW" || x.decision === "RESTRICT";
        if (weaker && (x.sentAt > seen || (x.seq !== null && x.seq > seq))) allowAfterTerminate++;
        if ((x.seq === null || x.degraded !== null) && (weaker || x.degraded === null)) allowUnevaluated++;
      }
    }
    const byDecision: Record<string, number> = {};
    for (const x of answers) byDecision[x.decision] = (byDecision[x.decision] ?? 0) + 1;
    const report = {
      budget: FULL ? "full" : "ci",
      duration_s: Math.round((Date.now() - started) / 100) / 10,
      faults: FULL ? ["latency 300 ms per chunk", "connections reset and refused", "PostgreSQL stopped and restarted"] : ["latency 300 ms per chunk", "connections reset and refused"],
      decisions: answers.length,
      decisions_per_phase: perPhase,
      by_decision: byDecision,
      refused,
      postgres_rows: rows.length,
      audit_tree_size: treeSize,
      lost,
      duplicated,
      allow_after_terminate: allowAfterTerminate,
      allow_unevaluated: allowUnevaluated,
      retried_inserts_logged: stack.logs().includes("Postgres insert failed: retrying"),
    };
    console.log(JSON.stringify({ suite: "chaos", section: "postgres", ...report }));
    if (FULL) writeSuiteSection("chaos", "postgres", report);

    expect({ lost, duplicated, allowAfterTerminate, allowUnevaluated }).toEqual({ lost: 0, duplicated: 0, allowAfterTerminate: 0, allowUnevaluated: 0 });
    expect(await stack.leafIndices()).toEqual(Array.from({ length: rows.length + ADMIN_EVENTS }, (_, i) => i));
    expect(treeSize).toBe(rows.length + ADMIN_EVENTS);
    expect(answers.length).toBeGreaterThan(0);
    expect(stack.leakedSecrets()).toEqual([]);
  }, 900_000);
});
