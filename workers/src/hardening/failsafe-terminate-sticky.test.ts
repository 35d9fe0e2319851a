/**
 * Found by the chaos suite (workers/src/suites/chaos.test.ts): when the agent's AgentState cannot be
 * reached, the fail-safe evaluates the request statelessly and may answer TERMINATE (the policy's own kill
 * switch), but nothing recorded that termination — the AgentState never saw the request — so the agent's
 * next request, once AgentState answered again, could be ALLOWed. Now the Worker records a fail-safe
 * TERMINATE in the AgentState before answering it; when it cannot (the AgentState is still unreachable) the
 * answer is BLOCK and the termination is handed over after the response (`recordTermination`, retried while
 * it stays unreachable), so the kill switch holds once the AgentState answers again; an operator's later
 * reinstatement is never undone by it (durable-objects/src/agent-state/record-termination.test.ts). The
 * window this hand-over left open is closed in failsafe-terminate-window.test.ts.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { faultyEnv, emptyCounts, NO_FAULTS, type FaultPlan } from "../suites/chaos-faults.ts";
import { action, createTenant, killSwitchPolicy, ORIGIN, setPolicy } from "../testing/api.ts";

describe("sticky TERMINATE across an AgentState outage", () => {
  it("a kill switch hit during an outage holds once AgentState is back", async () => {
    const { keys } = await createTenant("ff-term");
    await setPolicy(keys.operator, killSwitchPolicy());
    const down: FaultPlan = { ...NO_FAULTS, targets: new Set(["agent_state"]), errorRate: 1 };
    let plan = down;
    const app = createApp();
    const faulty = faultyEnv(env, () => plan, emptyCounts());
    const call = async (request: unknown) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(`${ORIGIN}/v2/evaluate`, { method: "POST", headers: { authorization: `Bearer ${keys.agent}`, "content-type": "application/json" }, body: JSON.stringify(request) }), faulty, ctx);
      return { decision: ((await res.json()) as { decision: string }).decision, degraded: res.headers.get("x-nethical-degraded"), done: () => waitOnExecutionContext(ctx) };
    };

    const first = await call(action("victim", { context: { kill: true } }));
    // Not recordable while AgentState is down: BLOCK, not a TERMINATE that would not be sticky.
    expect({ decision: first.decision, degraded: first.degraded }).toEqual({ decision: "BLOCK", degraded: "agent_state" });
    plan = NO_FAULTS; // the outage ends while the hand-over is still retrying
    await first.done();
    const next = await call(action("victim"));
    await next.done();
    expect(next.decision).toBe("TERMINATE");
  });
});
