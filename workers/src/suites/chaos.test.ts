/**
 * CHAOS suite (issue 14), workerd part: decisions flow (single and batch, many agents, some of them
 * killed by a TERMINATE rule) while faults are injected — errors and latency — into KV, AgentState,
 * PolicyStore and the audit Queue (chaos-faults.ts wraps the bindings the real app is called with; the
 * Durable Objects, the AuditLog and the Queue consumer are real). Postgres faults run against real
 * PostgreSQL in dev-stack/src/e2e/chaos-postgres.e2e.test.ts.
 *
 * Measured per fault kind, all asserted 0:
 * - lost: an answered decision whose audit event the tenant's AuditLog does not hold once faults stop;
 * - duplicated: a decision id answered twice, or AuditLog decision leaves beyond the decisions answered
 *   (admin events — the tenant's keys issued — are leaves too, and are not counted);
 * - ALLOW after TERMINATE: an ALLOW (or RESTRICT) for an agent, for a request sent after that agent's
 *   TERMINATE was answered, or with a higher agent seq than its TERMINATE;
 * - ALLOW after fail-safe TERMINATE (`allow_after_failsafe_terminate`, counted apart): the same after a
 *   TERMINATE the fail-safe answered while AgentState was unreachable. Found by this suite (3 in a full run
 *   while such a TERMINATE was handed to AgentState only after the response); a fail-safe TERMINATE is now
 *   answered only once AgentState has recorded it, BLOCK otherwise
 *   (workers/src/hardening/failsafe-terminate-window.test.ts). Found again (1 in a CI run of "everything at
 *   once") on the path where the emergency-stop state could not be read: that TERMINATE was never recorded;
 *   it now is, the same way;
 * - ALLOW unevaluated: an answer the agent's state did not decide (no agent seq) that is not BLOCK or
 *   TERMINATE marked `X-Nethical-Degraded`, or any degraded answer that is ALLOW/RESTRICT.
 *
 * `npm test` runs the CI share; `npm run suite:chaos` the full one, writing bench/results/chaos.json.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { auditLogStub } from "../audit/audit-log-stub.ts";
import { forgetActivePolicies } from "../policy/active-policy.ts";
import { bootstrapKey, createTenant, issueKey, killSwitchPolicy, ORIGIN, setPolicy } from "../testing/api.ts";
import { emptyCounts, faultyEnv, NO_FAULTS, type FaultCounts, type FaultPlan, type FaultTarget } from "./chaos-faults.ts";
import { suiteBudget, writeSuiteResults } from "./suite-env.ts";

const BUDGET = suiteBudget();
const WAVES = BUDGET === "full" ? 20 : 3;
const AGENTS = BUDGET === "full" ? 16 : 8;

interface Scenario {
  kind: string;
  plan: FaultPlan;
  /** Drop the isolate's policy cache before each wave, so policy resolution reaches KV and PolicyStore. */
  coldPolicy?: boolean;
}

const plan = (targets: FaultTarget[], p: Partial<FaultPlan>): FaultPlan => ({ ...NO_FAULTS, ...p, targets: new Set(targets) });

/** Latency past the Durable Object deadline (3 s, decide/with-timeout.ts) makes the fail-safe answer. */
const PAST_DO_DEADLINE = 3_300;

const SCENARIOS: Scenario[] = [
  { kind: "none (baseline)", plan: NO_FAULTS },
  { kind: "kv errors + latency", plan: plan(["kv"], { errorRate: 0.3, latencyRate: 0.2, latencyMs: 1_700 }), coldPolicy: true },
  { kind: "agent_state errors", plan: plan(["agent_state"], { errorRate: 0.35 }) },
  { kind: "agent_state latency", plan: plan(["agent_state"], { latencyRate: 0.25, latencyMs: PAST_DO_DEADLINE }) },
  { kind: "policy_store + kv errors (policy unavailable)", plan: plan(["policy_store", "kv"], { errorRate: 0.6, latencyRate: 0.1, latencyMs: PAST_DO_DEADLINE }), coldPolicy: true },
  { kind: "queue errors + latency + duplicates", plan: plan(["queue"], { errorRate: 0.4, latencyRate: 0.2, latencyMs: 300, duplicateRate: 0.3 }) },
  { kind: "everything at once", plan: plan(["kv", "agent_state", "policy_store", "queue"], { errorRate: 0.2, latencyRate: 0.1, latencyMs: PAST_DO_DEADLINE, duplicateRate: 0.2 }), coldPolicy: true },
];

/** One answered decision, as the client saw it. */
interface Answer {
  agent: string;
  decision: string;
  decisionId: string;
  eventId: string;
  seq: number | null;
  degraded: string | null;
  sentAt: number;
  receivedAt: number;
}

interface ScenarioResult {
  kind: string;
  requests: number;
  decisions: number;
  by_decision: Record<string, number>;
  degraded: Record<string, number>;
  refused: Record<string, number>;
  faults: FaultCounts;
  /** Decision leaves in the AuditLog (the tree size less its admin events). */
  audit_decision_leaves: number;
  lost: number;
  duplicated: number;
  allow_after_terminate: number;
  /** ALLOW after a TERMINATE the fail-safe answered (AgentState unreachable at the time); asserted 0. */
  allow_after_failsafe_terminate: number;
  allow_unevaluated: number;
  examples: string[];
}

const app = createApp();
const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

async function runScenario(scenario: Scenario, waves: number, agents: number): Promise<ScenarioResult> {
  const { tenant, keys } = await createTenant("chaos");
  await setPolicy(keys.operator, killSwitchPolicy());
  // Two agent keys, so a full run stays under the per-key request limit of the test config (vitest.config.ts).
  const agentKeys = [keys.agent, (await issueKey(tenant, "agent", bootstrapKey())).secret];
  let current: FaultPlan = NO_FAULTS;
  const counts = emptyCounts();
  const faulty = faultyEnv(env, () => current, counts);
  const answers: Answer[] = [];
  const refused: Record<string, number> = {};
  let requests = 0;
  const ctxs: ExecutionContext[] = [];

  const send = async (agentIndex: number, wave: number): Promise<void> => {
    const agent = `agent-${agentIndex}`;
    // A few agents are killed at some point; the rest only ever act benignly.
    const kill = agentIndex % 4 === 0 && wave === Math.floor(waves / 3) + (agentIndex % 3);
    const item = (k: number) => ({ agent_id: agent, action: `read sensor ${wave}.${k}`, action_type: "query", ...(kill && k === 0 ? { context: { kill: true } } : {}) });
    const batch = (agentIndex + wave) % 3 === 0;
    const body = batch ? { requests: [item(0), item(1), item(2)] } : item(0);
    const ctx = createExecutionContext();
    ctxs.push(ctx);
    const sentAt = Date.now();
    requests++;
    const res = await app.fetch(
      new Request(`${ORIGIN}${batch ? "/v2/batch-evaluate" : "/v2/evaluate"}`, { method: "POST", headers: { authorization: `Bearer ${agentKeys[agentIndex % 2]}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
      faulty,
      ctx,
    );
    const receivedAt = Date.now();
    if (res.status !== 200) {
      bump(refused, String(res.status));
      await res.body?.cancel();
      return;
    }
    if (batch) {
      const { results } = (await res.json()) as { results: { status: number; agent_seq: number | null; audit_event_id: string; degraded?: string; response: { decision: string; decision_id: string } }[] };
      for (const r of results) {
        answers.push({ agent, decision: r.response.decision, decisionId: r.response.decision_id, eventId: r.audit_event_id, seq: r.agent_seq, degraded: r.degraded ?? null, sentAt, receivedAt });
      }
    } else {
      const body = (await res.json()) as { decision: string; decision_id: string };
      const seq = res.headers.get("x-nethical-agent-seq");
      answers.push({
        agent,
        decision: body.decision,
        decisionId: body.decision_id,
        eventId: res.headers.get("x-nethical-audit-event-id") ?? "",
        seq: seq === null ? null : Number(seq),
        degraded: res.headers.get("x-nethical-degraded"),
        sentAt,
        receivedAt,
      });
    }
  };

  current = scenario.plan;
  for (let wave = 0; wave < waves; wave++) {
    if (scenario.coldPolicy === true) forgetActivePolicies(tenant);
    await Promise.all(Array.from({ length: agents }, (_, a) => send(a, wave)));
  }
  current = NO_FAULTS;
  await Promise.all(ctxs.map((ctx) => waitOnExecutionContext(ctx)));

  // Every answered decision must reach the AuditLog (through the Queue, or directly when it failed).
  const log = auditLogStub(env, tenant);
  const uniqueEvents = new Set(answers.map((a) => a.eventId));
  const deadline = Date.now() + 30_000;
  // The log also holds admin events (the tenant's keys being issued): only decision leaves count here.
  const decisionLeavesNow = async () => (await log.stats(tenant)).tree_size - (await log.listAdmin(tenant, { kind: "admin", limit: 10_000 })).length;
  let decisionLeaves = 0;
  for (;;) {
    decisionLeaves = await decisionLeavesNow();
    if (decisionLeaves >= uniqueEvents.size || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 300)); // a late duplicate would show now
  decisionLeaves = await decisionLeavesNow();
  const examples: string[] = [];
  let lost = 0;
  for (const id of uniqueEvents) {
    if ((await log.getEvent(tenant, id)) === null) {
      lost++;
      if (examples.length < 5) examples.push(`lost: event ${id}`);
    }
  }
  const decisionIds = new Set(answers.map((a) => a.decisionId));
  const duplicated = answers.length - decisionIds.size + (answers.length - uniqueEvents.size) + Math.max(0, decisionLeaves - uniqueEvents.size);

  let allowAfterTerminate = 0;
  let allowAfterFailSafeTerminate = 0;
  let allowUnevaluated = 0;
  const byAgent = new Map<string, Answer[]>();
  for (const a of answers) byAgent.set(a.agent, [...(byAgent.get(a.agent) ?? []), a]);
  for (const [agent, mine] of byAgent) {
    // A TERMINATE the agent's state decided has a seq; one the fail-safe answered while the state was
    // unreachable has none (it is answered only once the state has recorded it). Both must be sticky.
    const recorded = mine.filter((a) => a.decision === "TERMINATE" && a.seq !== null);
    const failSafe = mine.filter((a) => a.decision === "TERMINATE" && a.seq === null);
    const firstRecordedSeen = Math.min(...recorded.map((a) => a.receivedAt));
    const firstRecordedSeq = Math.min(...recorded.map((a) => a.seq as number));
    const firstFailSafeSeen = Math.min(...failSafe.map((a) => a.receivedAt));
    for (const a of mine) {
      const weaker = a.decision === "ALLOW" || a.decision === "RESTRICT";
      if (weaker && (a.sentAt > firstRecordedSeen || (a.seq !== null && a.seq > firstRecordedSeq))) {
        allowAfterTerminate++;
        if (examples.length < 10) examples.push(`${a.decision} after TERMINATE: ${agent} seq ${a.seq} degraded ${a.degraded}`);
      } else if (weaker && a.sentAt > firstFailSafeSeen) {
        allowAfterFailSafeTerminate++;
        if (examples.length < 10) examples.push(`${a.decision} after fail-safe TERMINATE: ${agent} seq ${a.seq}`);
      }
      const unevaluated = a.seq === null || a.degraded !== null;
      if (unevaluated && (weaker || a.degraded === null)) {
        allowUnevaluated++;
        if (examples.length < 10) examples.push(`unevaluated ${a.decision}: ${agent} seq ${a.seq} degraded ${a.degraded}`);
      }
    }
  }
  const byDecision: Record<string, number> = {};
  const degraded: Record<string, number> = {};
  for (const a of answers) {
    bump(byDecision, a.decision);
    if (a.degraded !== null) bump(degraded, a.degraded);
  }
  return {
    kind: scenario.kind,
    requests,
    decisions: answers.length,
    by_decision: byDecision,
    degraded,
    refused,
    faults: counts,
    audit_decision_leaves: decisionLeaves,
    lost,
    duplicated,
    allow_after_terminate: allowAfterTerminate,
    allow_after_failsafe_terminate: allowAfterFailSafeTerminate,
    allow_unevaluated: allowUnevaluated,
    examples,
  };
}

describe(`chaos: faults in KV, AgentState, PolicyStore and the Queue while decisions flow (${BUDGET} budget)`, () => {
  it(
    "no decision lost or duplicated, no ALLOW after TERMINATE, no unevaluated ALLOW",
    async () => {
      const started = Date.now();
      const results: ScenarioResult[] = [];
      for (const scenario of SCENARIOS) results.push(await runScenario(scenario, WAVES, AGENTS));
      const totals = {
        decisions: results.reduce((n, r) => n + r.decisions, 0),
        lost: results.reduce((n, r) => n + r.lost, 0),
        duplicated: results.reduce((n, r) => n + r.duplicated, 0),
        allow_after_terminate: results.reduce((n, r) => n + r.allow_after_terminate, 0),
        allow_after_failsafe_terminate: results.reduce((n, r) => n + r.allow_after_failsafe_terminate, 0),
        allow_unevaluated: results.reduce((n, r) => n + r.allow_unevaluated, 0),
      };
      const report = { budget: BUDGET, duration_s: Math.round((Date.now() - started) / 100) / 10, waves: WAVES, agents: AGENTS, totals, scenarios: results };
      console.log(JSON.stringify({ suite: "chaos", ...report }));
      await writeSuiteResults("chaos", "workerd", report);

      for (const r of results) {
        const { lost, duplicated, allow_after_terminate, allow_after_failsafe_terminate, allow_unevaluated, examples } = r;
        expect({ kind: r.kind, lost, duplicated, allow_after_terminate, allow_after_failsafe_terminate, allow_unevaluated, examples }).toEqual({
          kind: r.kind,
          lost: 0,
          duplicated: 0,
          allow_after_terminate: 0,
          allow_after_failsafe_terminate: 0,
          allow_unevaluated: 0,
          examples: [],
        });
        // The harness itself is sound: without faults nothing is degraded or refused.
        if (r.kind === "none (baseline)") expect({ degraded: r.degraded, refused: r.refused }).toEqual({ degraded: {}, refused: {} });
        // The faults were really injected (and decisions really flowed through them).
        if (r.kind !== "none (baseline)") expect(Object.values(r.faults).some((f) => f.errors + f.delays > 0), r.kind).toBe(true);
        expect(r.decisions, r.kind).toBeGreaterThan(0);
      }
    },
    BUDGET === "full" ? 3_600_000 : 120_000,
  );
});
