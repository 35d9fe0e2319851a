/**
 * GET /v2/metrics (workerd, real Worker and Durable Objects): after a known mix of decisions — every outcome,
 * several action types, single and batch requests, fail-safe answers provoked by an unreachable AgentState —
 * the counters equal the mix exactly (tallied from the answers the Worker gave, not written down); the
 * exposition parses; an operator of tenant A sees none of B; the platform key sees both; agent keys get 403.
 */
import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { emptyCounts, faultyEnv, type FaultPlan } from "../suites/chaos-faults.ts";
import { action, api, bootstrapKey, createTenant, killSwitchPolicy, ORIGIN, setPolicy, type TestTenant } from "../testing/api.ts";
import { EVALUATE_EXAMPLE } from "../openapi/components.ts";
import { MESSAGE_REQUEST_EXAMPLE } from "../openapi/examples.ts";
import { expositionProblems, parseExposition, samplesOf } from "./testing.ts";

interface Answer {
  request: { action_type: string };
  decision: string;
  laws: number[];
  degraded: string | null;
}

/** What the mix should show: tallies of the answers. */
function tally(answers: readonly Answer[]) {
  const decisions = new Map<string, number>();
  const laws = new Map<string, number>();
  const degraded = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const a of answers) {
    bump(decisions, `${a.decision}|${a.request.action_type}`);
    for (const law of new Set(a.laws)) bump(laws, `${a.decision}|${law}`);
    if (a.degraded !== null) bump(degraded, a.degraded);
  }
  return { decisions, laws, degraded };
}

function exported(text: string, tenant: string) {
  expect(expositionProblems(text)).toEqual([]);
  const parsed = parseExposition(text);
  const map = (name: string, key: (l: Record<string, string>) => string) => new Map(samplesOf(parsed, name, { tenant }).map((s) => [key(s.labels), s.value]));
  const sum = (name: string) => samplesOf(parsed, name, { tenant }).reduce((n, s) => n + s.value, 0);
  return {
    parsed,
    decisions: map("nethical_decisions_total", (l) => `${l.decision}|${l.action_type}`),
    laws: map("nethical_decision_laws_total", (l) => `${l.decision}|${l.law}`),
    degraded: map("nethical_degraded_answers_total", (l) => l.reason ?? ""),
    histogramCount: (name: string) => sum(`${name}_count`),
    lookups: sum("nethical_policy_lookups_total"),
  };
}

let a: TestTenant;
let b: TestTenant;
const answersA: Answer[] = [];
let requestsA = 0;
let agentStateCallsA = 0;

async function decide(key: string, body: unknown, batch = false): Promise<void> {
  const res = await api(batch ? "/v2/batch-evaluate" : "/v2/evaluate", { key, json: body });
  expect(res.status).toBe(200);
  requestsA++;
  if (batch) {
    const { results } = (await res.json()) as { results: { degraded?: string; response: { decision: string; violations: { law: number }[] } }[] };
    const items = (body as { requests: { action_type: string; agent_id: string }[] }).requests;
    agentStateCallsA += new Set(items.map((i) => i.agent_id)).size;
    results.forEach((r, i) => answersA.push({ request: items[i] as { action_type: string }, decision: r.response.decision, laws: r.response.violations.map((v) => v.law), degraded: r.degraded ?? null }));
  } else {
    const decision = (await res.json()) as { decision: string; violations: { law: number }[] };
    agentStateCallsA++;
    answersA.push({ request: body as { action_type: string }, decision: decision.decision, laws: decision.violations.map((v) => v.law), degraded: res.headers.get("x-nethical-degraded") });
  }
}

/** Decide through the real app with an AgentState that always fails: the fail-safe answers, degraded. */
async function decideWithAgentStateDown(key: string, body: Record<string, unknown>): Promise<void> {
  const plan: FaultPlan = { targets: new Set(["agent_state"]), errorRate: 1, latencyRate: 0, latencyMs: 0, duplicateRate: 0 };
  const ctx = createExecutionContext();
  const res = await createApp().fetch(new Request(`${ORIGIN}/v2/evaluate`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }), faultyEnv(env, () => plan, emptyCounts()), ctx);
  expect(res.status).toBe(200);
  const decision = (await res.json()) as { decision: string; violations: { law: number }[] };
  await waitOnExecutionContext(ctx);
  requestsA++;
  agentStateCallsA++;
  answersA.push({ request: body as { action_type: string }, decision: decision.decision, laws: decision.violations.map((v) => v.law), degraded: res.headers.get("x-nethical-degraded") });
}

beforeAll(async () => {
  [a, b] = await Promise.all([createTenant("metrics-a"), createTenant("metrics-b")]);
  await setPolicy(a.keys.operator, killSwitchPolicy());
  // The mix for A: ALLOW, RESTRICT, BLOCK (a law and a tenant rule), TERMINATE; five action types; a batch.
  for (let i = 0; i < 4; i++) await decide(a.keys.agent, action(`reader-${i % 2}`));
  await decide(a.keys.agent, { ...action("shell"), action: "list files in the project folder", action_type: "code_execution" });
  for (let i = 0; i < 2; i++) await decide(a.keys.agent, { ...EVALUATE_EXAMPLE, agent_id: `coder-${i}` });
  for (let i = 0; i < 3; i++) await decide(a.keys.agent, { ...MESSAGE_REQUEST_EXAMPLE, agent_id: "mailer" });
  await decide(a.keys.agent, action("flagged", { action_type: "tool_call", context: { block: true } }));
  await decide(a.keys.agent, action("rogue", { action_type: "file_access", context: { kill: true } }));
  await decide(a.keys.agent, action("rogue", { action_type: "file_access" })); // sticky TERMINATE
  await decide(a.keys.agent, { requests: [action("batcher-1"), { ...EVALUATE_EXAMPLE, agent_id: "batcher-1" }, action("batcher-2", { action_type: "tool_call", context: { block: true } })] }, true);
  await decideWithAgentStateDown(a.keys.agent, action("offline-1"));
  await decideWithAgentStateDown(a.keys.agent, action("offline-2", { context: { block: true } }));
  // B: a few decisions of its own, under the same agent ids.
  await api("/v2/evaluate", { key: b.keys.agent, json: action("reader-0") });
  await api("/v2/evaluate", { key: b.keys.agent, json: { ...EVALUATE_EXAMPLE, agent_id: "coder-0" } });
});

describe("GET /v2/metrics", () => {
  it("counts exactly the mix of decisions tenant A was answered", async () => {
    const expected = tally(answersA);
    // The mix is what it is meant to be: every outcome, a law violation, degraded answers.
    expect(new Set(answersA.map((x) => x.decision))).toEqual(new Set(["ALLOW", "RESTRICT", "BLOCK", "TERMINATE"]));
    expect(expected.laws.size).toBeGreaterThan(0);
    expect(expected.degraded.get("agent_state")).toBe(2);

    const res = await api("/v2/metrics", { key: a.keys.operator });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const got = exported(await res.text(), a.tenant);
    expect(got.decisions).toEqual(expected.decisions);
    expect([...got.decisions.values()].reduce((x, y) => x + y, 0)).toBe(answersA.length);
    expect(got.laws).toEqual(expected.laws);
    expect(got.degraded).toEqual(expected.degraded);
    expect(got.histogramCount("nethical_request_duration_seconds")).toBe(requestsA);
    expect(got.histogramCount("nethical_evaluate_duration_seconds")).toBe(requestsA);
    expect(got.histogramCount("nethical_agent_state_call_duration_seconds")).toBe(agentStateCallsA);
    expect(got.lookups).toBe(requestsA);
  });

  it("scrapes twice the same (a scrape records nothing) and keeps counting after it", async () => {
    const first = exported(await (await api("/v2/metrics", { key: a.keys.auditor })).text(), a.tenant);
    const again = exported(await (await api("/v2/metrics", { key: a.keys.admin })).text(), a.tenant);
    expect(again.decisions).toEqual(first.decisions);
    await decide(a.keys.agent, action("late", { action_type: "api_call" }));
    const after = exported(await (await api("/v2/metrics", { key: a.keys.operator })).text(), a.tenant);
    expect(after.decisions).toEqual(tally(answersA).decisions);
  });

  it("shows tenant A's operator nothing of B, and B's operator nothing of A", async () => {
    const asA = parseExposition(await (await api("/v2/metrics", { key: a.keys.operator })).text());
    expect(asA.samples.length).toBeGreaterThan(0);
    expect(new Set(asA.samples.map((s) => s.labels.tenant))).toEqual(new Set([a.tenant]));
    const asB = parseExposition(await (await api("/v2/metrics", { key: b.keys.operator })).text());
    expect(new Set(asB.samples.map((s) => s.labels.tenant))).toEqual(new Set([b.tenant]));
    expect([...exported(await (await api("/v2/metrics", { key: b.keys.operator })).text(), b.tenant).decisions.values()].reduce((x, y) => x + y, 0)).toBe(2);
  });

  it("shows the platform key every tenant, with the same values as the tenants' own scrapes", async () => {
    const platform = await (await api("/v2/metrics", { key: bootstrapKey() })).text();
    const own = await (await api("/v2/metrics", { key: a.keys.operator })).text();
    expect(exported(platform, a.tenant).decisions).toEqual(exported(own, a.tenant).decisions);
    expect(exported(platform, b.tenant).decisions.size).toBeGreaterThan(0);
  });

  it("lists a tenant whose first decisions are still in this isolate's buffer on the platform scrape", async () => {
    const c = await createTenant("metrics-c");
    await api("/v2/evaluate", { key: c.keys.agent, json: action("first") });
    const platform = exported(await (await api("/v2/metrics", { key: bootstrapKey() })).text(), c.tenant);
    expect([...platform.decisions.values()].reduce((x, y) => x + y, 0)).toBe(1);
  });

  it("refuses agent keys (403) and callers without a key (401)", async () => {
    const res = await api("/v2/metrics", { key: a.keys.agent });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await api("/v2/metrics")).status).toBe(401);
  });

  it("reports the audit backlog and devices by mode as gauges", async () => {
    const parsed = parseExposition(await (await api("/v2/metrics", { key: a.keys.operator })).text());
    const backlog = samplesOf(parsed, "nethical_audit_backlog_events", { tenant: a.tenant });
    expect(backlog).toHaveLength(1);
    expect(backlog[0]?.value).toBeGreaterThanOrEqual(0);
    const modes = samplesOf(parsed, "nethical_devices", { tenant: a.tenant }).map((s) => s.labels.mode);
    expect(new Set(modes)).toEqual(new Set(["ONLINE", "DEGRADED", "OFFLINE", "unknown"]));
  });
});
