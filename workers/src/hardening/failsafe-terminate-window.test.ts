/**
 * Found by the chaos suite (`allow_after_failsafe_terminate`, 3 in its full run before this fix): when the
 * agent's AgentState could not be reached, the fail-safe answered the policy's own TERMINATE at once and
 * handed it to the AgentState only after the response. While that hand-over was slow, a request of the
 * same agent sent after the TERMINATE was answered reached the AgentState first and was ALLOWed.
 *
 * Now a fail-safe TERMINATE is answered only once the AgentState has recorded it (synchronously, within
 * FAILSAFE_RECORD_TIMEOUT_MS); when it cannot be recorded the answer is BLOCK (degraded, not sticky) and
 * the termination is handed over after the response. So "no ALLOW or RESTRICT for an agent after its
 * TERMINATE was answered" holds for fail-safe TERMINATEs too.
 *
 * Found again by the chaos suite ("everything at once", 1 in a CI run): while the tenant's emergency-stop
 * state could not be read (PolicyStore unreachable), the fail-safe answered the policy's TERMINATE without
 * recording it at all, and the agent's next request, decided by its AgentState, was ALLOWed. That path now
 * holds a TERMINATE the same way (decide-requests.ts `stopUnknown`).
 *
 * Faults are injected per AgentState call, in call order (the decision, then the synchronous record, then
 * the hand-overs after the response), by the chaos suite's binding wrappers.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { TERMINATION_NOT_RECORDED_REASON } from "../decide/fail-safe.ts";
import { forgetControlStates } from "../fleet-control/stop-state.ts";
import { emptyCounts, faultyEnv, NO_FAULTS, type FaultPlan } from "../suites/chaos-faults.ts";
import { action, api, createTenant, killSwitchPolicy, ORIGIN, setPolicy } from "../testing/api.ts";

const ERROR: FaultPlan = { ...NO_FAULTS, targets: new Set(["agent_state"]), errorRate: 1 };
/** Past the 3 s Durable Object deadline (decide/with-timeout.ts); the call still lands afterwards. */
const SLOW: FaultPlan = { ...NO_FAULTS, targets: new Set(["agent_state"]), latencyRate: 1, latencyMs: 3_300 };

interface Answer {
  decision: string;
  degraded: string | null;
  decidedBy: { kind: string; id: string; decision: string }[];
  done: () => Promise<void>;
}

/**
 * A tenant with the kill-switch policy, and `evaluate` through a Worker whose n-th AgentState call obeys
 * `plans[n]` (later calls: no faults), or whose calls all obey `plans()` when it is a function.
 */
async function setup(plans: FaultPlan[] | (() => FaultPlan)) {
  const { tenant, keys } = await createTenant("ff-window");
  await setPolicy(keys.operator, killSwitchPolicy());
  const counts = emptyCounts();
  // The plan is read before the call is counted: `calls` is the index of the AgentState call about to run.
  const faulty = faultyEnv(env, typeof plans === "function" ? plans : () => plans[counts.agent_state.calls] ?? NO_FAULTS, counts);
  const app = createApp();
  const send = async (path: string, body: unknown): Promise<{ res: Response; done: () => Promise<void> }> => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`${ORIGIN}${path}`, { method: "POST", headers: { authorization: `Bearer ${keys.agent}`, "content-type": "application/json" }, body: JSON.stringify(body) }), faulty, ctx);
    return { res, done: () => waitOnExecutionContext(ctx) };
  };
  const evaluate = async (request: unknown): Promise<Answer> => {
    const { res, done } = await send("/v2/evaluate", request);
    const body = (await res.json()) as { decision: string; explanation: { decided_by: Answer["decidedBy"] } };
    return { decision: body.decision, degraded: res.headers.get("x-nethical-degraded"), decidedBy: body.explanation.decided_by, done };
  };
  const agentView = async (agentId: string) => (await (await api(`/v2/agents/${agentId}`, { key: keys.operator })).json()) as { terminated: boolean };
  return { tenant, keys, counts, send, evaluate, agentView };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const weaker = (decision: string) => decision === "ALLOW" || decision === "RESTRICT";

describe("no ALLOW after a fail-safe TERMINATE (the hand-over window)", () => {
  it("AgentState unreachable for the decision but reachable for the record → TERMINATE, and the very next request is TERMINATE", async () => {
    const t = await setup([ERROR]);
    const first = await t.evaluate(action("w1", { context: { kill: true } }));
    expect({ decision: first.decision, degraded: first.degraded }).toEqual({ decision: "TERMINATE", degraded: "agent_state" });
    // Sent at once, before anything after the response ran: the termination is already in the AgentState.
    const next = await t.evaluate(action("w1"));
    expect(next.decision).toBe("TERMINATE");
    await Promise.all([first.done(), next.done()]);
    expect((await t.agentView("w1")).terminated).toBe(true);
  });

  it("the chaos suite's window: decision refused, record slow → BLOCK (not a TERMINATE a following ALLOW contradicts); the kill switch lands afterwards", async () => {
    // Before the fix: TERMINATE answered at once, the hand-over lagged 3.3 s, and the next request was ALLOW.
    const t = await setup([ERROR, SLOW]);
    const first = await t.evaluate(action("w2", { context: { kill: true } }));
    const next = await t.evaluate(action("w2")); // sent as soon as the first answer is in
    // The property (before the fix: TERMINATE, then ALLOW).
    expect({ first: first.decision, nextIsWeaker: weaker(next.decision) }).not.toEqual({ first: "TERMINATE", nextIsWeaker: true });
    // How it holds: the unrecordable TERMINATE is answered BLOCK, and the trace says why (the fail-safe
    // override first, the policy's TERMINATE rule after it).
    expect({ decision: first.decision, degraded: first.degraded }).toEqual({ decision: "BLOCK", degraded: "agent_state" });
    expect(first.decidedBy[0]).toMatchObject({ kind: "override", id: "fail_safe", decision: "BLOCK", reason: TERMINATION_NOT_RECORDED_REASON });
    expect(first.decidedBy.some((d) => d.kind !== "override" && d.decision === "TERMINATE")).toBe(true);

    await Promise.all([first.done(), next.done()]); // the hand-over after the response (1 s later, no fault)
    await sleep(2_600); // and the lagging record, which still lands
    expect((await t.agentView("w2")).terminated).toBe(true);
    expect((await t.evaluate(action("w2"))).decision).toBe("TERMINATE");
  }, 20_000);

  it("decision and record both slow past their deadlines → BLOCK; no answer after it is contradicted", async () => {
    const t = await setup([SLOW, SLOW]);
    const first = await t.evaluate(action("w3", { context: { kill: true } }));
    const next = await t.evaluate(action("w3"));
    expect({ first: first.decision, nextIsWeaker: weaker(next.decision) }).not.toEqual({ first: "TERMINATE", nextIsWeaker: true });
    expect({ decision: first.decision, degraded: first.degraded }).toEqual({ decision: "BLOCK", degraded: "agent_state" });
    await Promise.all([first.done(), next.done()]);
    await sleep(2_600);
    expect((await t.agentView("w3")).terminated).toBe(true);
  }, 20_000);

  it("batch: the agent's items are answered only as strong as what is recorded", async () => {
    const batch = { requests: [action("w4", { context: { kill: true } }), action("w4")] };
    const decisions = async (plans: FaultPlan[], agent: string) => {
      const t = await setup(plans);
      const { res, done } = await t.send("/v2/batch-evaluate", { requests: batch.requests.map((r) => ({ ...r, agent_id: agent })) });
      const { results } = (await res.json()) as { results: { degraded?: string; response: { decision: string } }[] };
      await done();
      return { answered: results.map((r) => [r.response.decision, r.degraded ?? null]), terminated: (await t.agentView(agent)).terminated };
    };
    // Recorded in time: TERMINATE; the item after it is unevaluated, so BLOCK (never ALLOW).
    expect(await decisions([ERROR], "w4")).toEqual({ answered: [["TERMINATE", "agent_state"], ["BLOCK", "agent_state"]], terminated: true });
    // Not recorded in time: BLOCK, BLOCK, and the hand-over after the response terminates the agent.
    expect(await decisions([ERROR, ERROR], "w4")).toEqual({ answered: [["BLOCK", "agent_state"], ["BLOCK", "agent_state"]], terminated: true });
  }, 20_000);

  describe("while the emergency-stop state cannot be read (PolicyStore unreachable)", () => {
    const STOP_UNREADABLE: FaultPlan = { ...NO_FAULTS, targets: new Set(["policy_store"]), errorRate: 1, affects: (_target, method) => method === "controlState" };
    const AND_AGENT_STATE_DOWN: FaultPlan = { ...STOP_UNREADABLE, targets: new Set(["policy_store", "agent_state"]), affects: (target, method) => target === "agent_state" || method === "controlState" };

    it("the policy's TERMINATE is recorded before it is answered; the agent's next request is TERMINATE", async () => {
      let plan = STOP_UNREADABLE;
      const t = await setup(() => plan);
      forgetControlStates(); // nothing read recently stands in: the state is unknown
      const first = await t.evaluate(action("w5", { context: { kill: true } }));
      expect({ decision: first.decision, degraded: first.degraded }).toEqual({ decision: "TERMINATE", degraded: "policy" });
      plan = NO_FAULTS;
      // Before the fix: ALLOW (the TERMINATE was never recorded in the agent's state).
      const next = await t.evaluate(action("w5"));
      expect(next.decision).toBe("TERMINATE");
      await Promise.all([first.done(), next.done()]);
      expect((await t.agentView("w5")).terminated).toBe(true);
    });

    it("and the AgentState cannot record it either → BLOCK, and the kill switch lands after the response", async () => {
      let plan = AND_AGENT_STATE_DOWN;
      const t = await setup(() => plan);
      forgetControlStates();
      const first = await t.evaluate(action("w6", { context: { kill: true } }));
      expect({ decision: first.decision, degraded: first.degraded }).toEqual({ decision: "BLOCK", degraded: "policy" });
      expect(first.decidedBy[0]).toMatchObject({ kind: "override", id: "fail_safe", reason: TERMINATION_NOT_RECORDED_REASON });
      plan = NO_FAULTS;
      await first.done(); // the hand-over after the response (1 s later, no fault)
      expect((await t.agentView("w6")).terminated).toBe(true);
      expect((await t.evaluate(action("w6"))).decision).toBe("TERMINATE");
    }, 20_000);
  });
});
