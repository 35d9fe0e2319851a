/**
 * SLO fault test (workerd, issue 13 "must show"): latency injected into AgentState and into Workers KV (the
 * chaos suite's binding wrappers, suites/chaos-faults.ts: the real app, real Durable Objects, real Queue) far
 * beyond the decision budget. Asserted:
 *
 * - every answer comes back before the injected delay could have passed: the latency breaker cut the call at
 *   the budget or skipped it (the handler's own elapsed time is compared with the injected 5 s, never with a
 *   tight wall-clock bound);
 * - no answer is ALLOW (or RESTRICT) without the agent's state having decided it, and every fail-safe answer
 *   is BLOCK marked `X-Nethical-Degraded` with the dependency's reason;
 * - the breaker opens after K slow calls (later answers are given without calling the slow dependency) and,
 *   once the faults stop, recovers through one half-open probe;
 * - the SLO breach this causes is announced as `slo.breached`, once per breach episode, in the subscription's
 *   delivery log, and exported as `nethical_slo_breached`.
 *
 * KV latency spares the API key records and the tenant record (`t:<tenant>:key:…`, `t:<tenant>:meta`): those
 * are read by authentication, before the decision and outside its budget (cached per isolate; README "SLOs
 * and the latency breaker", limits).
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { DEFAULT_BREAKER_OPTIONS } from "@nethical/core/slo/breaker.ts";
import { SLO_PROFILES } from "@nethical/core/slo/profiles.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { settleMetrics } from "../metrics/buffer.ts";
import { forgetActivePolicies } from "../policy/active-policy.ts";
import { emptyCounts, faultyEnv, NO_FAULTS, type FaultPlan, type FaultTarget } from "../suites/chaos-faults.ts";
import { api, createTenant, killSwitchPolicy, ORIGIN, setPolicy, type TestTenant } from "../testing/api.ts";
import { breakerFor } from "./breakers.ts";

/** Injected delay: twenty times the cloud budget, so only a cut call can answer before it. */
const INJECTED_MS = 5_000;
const BUDGET_MS = SLO_PROFILES.cloud.latency_ms.p99;
const K = DEFAULT_BREAKER_OPTIONS.failureThreshold;
/** A loopback port nothing listens on (development allows loopback targets; the attempt is logged). */
const CLOSED_TARGET = "http://127.0.0.1:59999/slo-hook";

const app = createApp();
let t: TestTenant;
let current: FaultPlan = NO_FAULTS;
const counts = emptyCounts();
/** The test configuration's budget floor (decision-budget.ts) is left out: these decisions run on the profile's own budget. */
const { DECISION_BUDGET_FLOOR_MS: _floor, ...unfloored } = env as Env & { DECISION_BUDGET_FLOOR_MS?: string };
const faulty = faultyEnv(unfloored as Env, () => current, counts);
const contexts: ExecutionContext[] = [];
let subscriptionId = "";

/** Every call of `targets` waits INJECTED_MS first — except authentication's KV reads. */
function slow(targets: FaultTarget[]): FaultPlan {
  const authRead = (target: FaultTarget, args: readonly unknown[]) => target === "kv" && typeof args[0] === "string" && (/^t:[^:]+:key:/.test(args[0]) || /^t:[^:]+:meta$/.test(args[0]));
  return { ...NO_FAULTS, targets: new Set(targets), latencyRate: 1, latencyMs: INJECTED_MS, affects: (target, _method, args) => !authRead(target, args) };
}

interface Answer {
  decision: string;
  degraded: string | null;
  seq: string | null;
  elapsedMs: number;
  reason: string;
}

/** POST /v2/evaluate through the faulty bindings; the handler's elapsed time as the caller sees it. */
async function decide(agent: string): Promise<Answer> {
  const ctx = createExecutionContext();
  contexts.push(ctx);
  const started = Date.now();
  const res = await app.fetch(
    new Request(`${ORIGIN}/v2/evaluate`, { method: "POST", headers: { authorization: `Bearer ${t.keys.agent}`, "content-type": "application/json" }, body: JSON.stringify({ agent_id: agent, action: "read sensor 7", action_type: "query" }) }),
    faulty,
    ctx,
  );
  const elapsedMs = Date.now() - started;
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as { decision: string; explanation: { decided_by: { id: string; reason: string }[] } };
  return {
    decision: body.decision,
    degraded: res.headers.get("x-nethical-degraded"),
    seq: res.headers.get("x-nethical-agent-seq"),
    elapsedMs,
    reason: body.explanation.decided_by.find((d) => d.id === "fail_safe")?.reason ?? "",
  };
}

/** The safety and budget checks every answer must pass. */
function expectSafeAndInBudget(answers: readonly Answer[]): void {
  for (const a of answers) {
    expect(a.elapsedMs).toBeLessThan(INJECTED_MS); // the breaker cut or skipped the slow call
    if (a.decision === "ALLOW" || a.decision === "RESTRICT") {
      expect(a.seq).not.toBeNull(); // decided by the agent's state, never unevaluated
      expect(a.degraded).toBeNull();
    }
    if (a.degraded !== null) expect(["BLOCK", "TERMINATE"]).toContain(a.decision);
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const measured: Record<string, unknown> = {};

beforeAll(async () => {
  t = await createTenant("slo-fault");
  await setPolicy(t.keys.operator, killSwitchPolicy());
  const sub = await api("/v2/webhooks/subscriptions", { key: t.keys.admin, json: { url: CLOSED_TARGET, events: ["slo.breached"] } });
  expect(sub.status, await sub.clone().text()).toBe(201);
  subscriptionId = ((await sub.json()) as { id: string }).id;
  // Warm what authentication caches (key record, tenant record) and the policy, without faults.
  const warm = await decide("warm-up");
  expect(warm.decision).toBe("ALLOW");
});

afterAll(async () => {
  current = NO_FAULTS;
  await Promise.all(contexts.map((ctx) => waitOnExecutionContext(ctx)));
  await wait(INJECTED_MS); // let the cut calls' injected delays run out before the isolate moves on
  console.log(JSON.stringify({ slo_fault_test: measured }));
});

describe("latency breaker under injected latency", () => {
  it("AgentState 5 s slow: answers within the budget (fail-safe BLOCK), the agent's breaker opens after K, then recovers via a probe", async () => {
    const agent = "robot-1";
    expect(breakerFor(t.tenant, "agent_state", agent).state()).toBe("closed");
    current = slow(["agent_state"]);
    const before = counts.agent_state.calls;
    const cut: Answer[] = [];
    for (let i = 0; i < K; i++) cut.push(await decide(agent));
    expect(counts.agent_state.calls - before).toBe(K); // each was called and cut
    expect(breakerFor(t.tenant, "agent_state", agent).state()).toBe("open");

    const callsWhenOpen = counts.agent_state.calls;
    const skipped: Answer[] = [];
    for (let i = 0; i < 4; i++) skipped.push(await decide(agent));
    expect(counts.agent_state.calls).toBe(callsWhenOpen); // open: answered without calling the slow object

    // Another agent of the tenant has its own breaker: still called (and cut, since every AgentState is slow).
    const other = await decide("robot-2");
    expect(counts.agent_state.calls).toBe(callsWhenOpen + 1);
    expect(breakerFor(t.tenant, "agent_state", "robot-2").state()).toBe("closed");

    for (const a of [...cut, ...skipped, other]) {
      expect(a.decision).toBe("BLOCK");
      expect(a.degraded).toBe("agent_state");
      expect(a.seq).toBeNull();
    }
    expect([...cut, other].every((a) => a.reason.includes("over the decision budget"))).toBe(true);
    expect(skipped.every((a) => a.reason.includes("latency breaker open"))).toBe(true);
    expectSafeAndInBudget([...cut, ...skipped, other]);

    // Faults stop; after the cool-down one probe goes through, succeeds and closes the breaker.
    current = NO_FAULTS;
    await wait(DEFAULT_BREAKER_OPTIONS.coolDownMs + 100);
    expect(breakerFor(t.tenant, "agent_state", agent).state()).toBe("half_open");
    const probe = await decide(agent);
    expect(probe).toMatchObject({ decision: "ALLOW", degraded: null });
    expect(probe.seq).not.toBeNull();
    expect(breakerFor(t.tenant, "agent_state", agent).state()).toBe("closed");
    expectSafeAndInBudget([probe]);
    measured.agent_state = { injected_ms: INJECTED_MS, budget_ms: BUDGET_MS, cut_elapsed_median_ms: median(cut.map((a) => a.elapsedMs)), cut_elapsed_max_ms: Math.max(...cut.map((a) => a.elapsedMs)), open_elapsed_median_ms: median(skipped.map((a) => a.elapsedMs)) };
  });

  it("KV 5 s slow (policy cache cold): answers within the budget; once the KV breaker opens the PolicyStore serves the policy and answers are evaluated again; recovers via a probe", async () => {
    expect(breakerFor(t.tenant, "kv").state()).toBe("closed");
    current = slow(["kv"]);
    const answers: Answer[] = [];
    let opened = -1;
    for (let i = 0; i < K + 4; i++) {
      forgetActivePolicies(t.tenant); // every decision must resolve the policy past the isolate's cache
      answers.push(await decide(`rover-${i % 3}`));
      if (opened === -1 && breakerFor(t.tenant, "kv").state() === "open") opened = i;
    }
    expect(opened).toBe(K - 1); // the K-th slow read opened it
    expectSafeAndInBudget(answers);
    const whileClosed = answers.slice(0, K);
    const whileOpen = answers.slice(K);
    for (const a of whileClosed) expect(a).toMatchObject({ decision: "BLOCK", degraded: "policy" });
    // Open: KV is skipped at once, the policy comes from the PolicyStore, the agent's state decides.
    for (const a of whileOpen) {
      expect(a).toMatchObject({ decision: "ALLOW", degraded: null });
      expect(a.seq).not.toBeNull();
    }

    current = NO_FAULTS;
    await wait(DEFAULT_BREAKER_OPTIONS.coolDownMs + 100);
    forgetActivePolicies(t.tenant);
    const probe = await decide("rover-0");
    expect(probe).toMatchObject({ decision: "ALLOW", degraded: null });
    expect(breakerFor(t.tenant, "kv").state()).toBe("closed");
    measured.kv = { injected_ms: INJECTED_MS, budget_ms: BUDGET_MS, cut_elapsed_median_ms: median(whileClosed.map((a) => a.elapsedMs)), cut_elapsed_max_ms: Math.max(...whileClosed.map((a) => a.elapsedMs)), open_elapsed_median_ms: median(whileOpen.map((a) => a.elapsedMs)) };
  }, 15_000); // K + 4 decisions and a cool-down: seconds on a loaded machine; each answer is held to < INJECTED_MS above

  it("the breach is announced as slo.breached once per episode, and exported", async () => {
    await Promise.all(contexts.map((ctx) => waitOnExecutionContext(ctx)));
    await settleMetrics(env); // this isolate's request histograms reach the tenant's MetricsStore

    const read = async () => {
      const res = await api("/v2/slo", { key: t.keys.operator });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { alerts: { alert: string; firing: boolean; objectives: string[] }[]; open_episodes: { id: number; alert: string; announced: boolean }[]; burn_rates: Record<string, Record<string, number | null>>; requests: Record<string, number> };
    };
    const status = await read();
    // 15 of the decisions were answered by the fail-safe: far over a 99.9% availability objective.
    expect(status.requests["5m"]).toBeGreaterThanOrEqual(2 * K + 4);
    expect(status.alerts.find((a) => a.alert === "fast_burn")).toMatchObject({ firing: true });
    expect(status.alerts.find((a) => a.alert === "fast_burn")?.objectives).toContain("availability");
    const episodes = status.open_episodes.map((e) => e.alert).sort();
    expect(episodes).toEqual(["fast_burn", "slow_burn"]);
    expect(status.open_episodes.every((e) => e.announced)).toBe(true);

    // Evaluated again (another GET, a scrape): still one event per episode.
    await read();
    const metrics = await api("/v2/metrics", { key: t.keys.operator });
    const text = await metrics.text();
    expect(text).toMatch(new RegExp(`nethical_slo_breached\\{[^}]*alert="fast_burn"[^}]*\\} 1`));

    const deliveries = async () => {
      const res = await api(`/v2/webhooks/subscriptions/${subscriptionId}/deliveries`, { key: t.keys.admin });
      expect(res.status).toBe(200);
      return ((await res.json()) as { deliveries: { event_type: string; payload: { type: string; data: { alert: string; objectives: { objective: string }[] } } }[] }).deliveries;
    };
    const list = await deliveries();
    const breached = list.filter((d) => d.event_type === "slo.breached");
    expect(breached.map((d) => d.payload.data.alert).sort()).toEqual(["fast_burn", "slow_burn"]);
    expect(breached.every((d) => d.payload.data.objectives.some((o) => o.objective === "availability"))).toBe(true);
    measured.slo = { requests_5m: status.requests["5m"], availability_burn_5m: status.burn_rates["5m"]?.availability, p99_burn_5m: status.burn_rates["5m"]?.p99, slo_breached_deliveries: breached.length };
  });
});
