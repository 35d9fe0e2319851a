/**
 * Fairness end to end on real PostgreSQL under `wrangler dev`: the tenant names a context field, a known
 * mix of decisions goes through `/v2/batch-evaluate`, the queue consumer stores each with its cohort
 * pseudonym (`cohort_field`, `cohort_id`; never the value), and `GET /v2/fairness` — served from
 * Postgres — returns exactly the mix's counts and the figures of the unit-tested report
 * (shared/src/fairness/report.test.ts checks those against a hand computation). Prints the median time
 * of the fairness query and of a one-decision page of GET /v2/decisions (baseline) for the record (not asserted).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fairnessReport } from "@nethical/core";
import { POSTGRES_AVAILABLE, SKIP_NOTE } from "../local-stack.ts";
import { call, startAuditStack, until, type AuditStack } from "./audit-stack.ts";

/** value → [ALLOW, BLOCK]; "C" is not declared, and under min_cohort. */
const MIX: Record<string, [number, number]> = { A: [60, 20], B: [30, 30], C: [5, 0] };
const TOTAL = Object.values(MIX).reduce((n, [a, b]) => n + a + b, 0);
const POLICY = {
  version: 1,
  name: "fairness-e2e",
  default: { decision: "ALLOW" },
  rules: [{ id: "block-flag", when: { field: "context.block", op: "eq", value: true }, then: { decision: "BLOCK", reason: "flagged" } }],
};

async function send(stack: AuditStack, key: string, path: string, method: string, json: unknown): Promise<Response> {
  return fetch(`${stack.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(json) });
}

describe.skipIf(!POSTGRES_AVAILABLE)(`fairness from stored decisions on PostgreSQL${SKIP_NOTE}`, () => {
  let stack: AuditStack;

  beforeAll(async () => {
    stack = await startAuditStack();
    const { operator, agent } = stack.tenant.keys;
    expect((await send(stack, operator, "/v2/policies/active", "PUT", POLICY)).status).toBe(200);
    expect((await send(stack, operator, "/v2/fairness/config", "PUT", { field: "applicant.group", values: ["A", "B"] })).status).toBe(200);
    const requests: unknown[] = [];
    for (const [group, [allow, block]] of Object.entries(MIX)) {
      for (let i = 0; i < allow + block; i++) {
        requests.push({ agent_id: `loan-bot-${requests.length % 7}`, action: "decide loan application", action_type: "tool_call", context: { applicant: { group }, ...(i >= allow ? { block: true } : {}) } });
      }
    }
    for (let i = 0; i < requests.length; i += 25) {
      const res = await send(stack, agent, "/v2/batch-evaluate", "POST", { requests: requests.slice(i, i + 25) });
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it("stores each decision's cohort as field + pseudonym in Postgres, never the value", async () => {
    expect(await until(async () => (await stack.query("SELECT 1 FROM audit_events WHERE tenant = $1 AND cohort_id IS NOT NULL", [stack.tenant.tenant])).length >= TOTAL, 60_000)).toBe(true);
    const rows = await stack.query("SELECT cohort_field, cohort_id, count(*)::int AS n FROM audit_events WHERE tenant = $1 GROUP BY 1, 2 ORDER BY 3 DESC", [stack.tenant.tenant]);
    expect(rows.map((r) => [r.cohort_field, r.n])).toEqual([["applicant.group", 80], ["applicant.group", 60], ["applicant.group", 5]]);
    for (const r of rows) expect(String(r.cohort_id)).toMatch(/^[0-9a-f]{32}$/);
    const all = JSON.stringify((await stack.rows()).map((r) => r.row));
    expect(all).not.toContain('"applicant"');
  }, 90_000);

  it("GET /v2/fairness from Postgres: exactly the mix, with the report's figures; timing printed", async () => {
    const { auditor } = stack.tenant.keys;
    const res = await call(stack, auditor, "/v2/fairness?min_cohort=30");
    expect(res.status).toBe(200);
    const report = (await res.json()) as { source: string; decisions: number; cohorts: { cohort: string; label: string | null }[] } & Record<string, unknown>;
    expect(report.source).toBe("postgres");
    expect(report.decisions).toBe(TOTAL);
    // The expected report, from the mix itself (pseudonyms as the server named them).
    const idOf = (label: string | null, size: number) => report.cohorts.find((c) => c.label === label && (c as { decisions?: number }).decisions === size)!.cohort;
    const expected = fairnessReport(
      [
        { cohort: idOf("A", 80), label: "A", ALLOW: 60, RESTRICT: 0, BLOCK: 20, TERMINATE: 0 },
        { cohort: idOf("B", 60), label: "B", ALLOW: 30, RESTRICT: 0, BLOCK: 30, TERMINATE: 0 },
        { cohort: idOf(null, 5), label: null, ALLOW: 5, RESTRICT: 0, BLOCK: 0, TERMINATE: 0 },
      ],
      { minCohort: 30 },
    );
    // Same figures; the last bit of a Math.exp may differ between workerd's V8 and this Node's.
    const rounded = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" ? Number(v.toPrecision(12)) : v))) as unknown;
    expect(rounded(report.cohorts)).toEqual(rounded(expected.cohorts));
    expect(report.reference).toBe(expected.reference);
    // Timing for the record, interleaved with a baseline that pays the same HTTP + Postgres connection:
    // one page of one decision from GET /v2/decisions.
    const median = async (path: string, times: number[]) => {
      const started = performance.now();
      await (await call(stack, auditor, path)).arrayBuffer();
      times.push(performance.now() - started);
    };
    const fairness: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < 9; i++) {
      await median("/v2/fairness?min_cohort=30", fairness);
      await median("/v2/decisions?limit=1", baseline);
    }
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(JSON.stringify({ bench: "fairness-query", source: "postgres", decisions: TOTAL, runs: 9, fairness_median_ms: Math.round(mid(fairness) * 100) / 100, decisions_page_median_ms: Math.round(mid(baseline) * 100) / 100, ratio: Math.round((mid(fairness) / mid(baseline)) * 100) / 100 }));
  }, 90_000);
});
