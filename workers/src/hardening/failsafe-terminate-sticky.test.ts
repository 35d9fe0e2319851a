/**
 * Found by the chaos suite (workers/src/suites/chaos.test.ts): when the agent's AgentState cannot be
 * reached, the fail-safe evaluates the request statelessly and may answer TERMINATE (the policy's own kill
 * switch), but nothing recorded that termination — the AgentState never saw the request — so the agent's
 * next request, once AgentState answered again, could be ALLOWed. Now the Worker hands the fail-safe
 * TERMINATE to the AgentState after the response (`recordTermination`, retried while it stays unreachable),
 * and an operator's later reinstatement is never undone by it.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { faultyEnv, emptyCounts, NO_FAULTS, type FaultPlan } from "../suites/chaos-faults.ts";
import { action, createTenant, killSwitchPolicy, ORIGIN, setPolicy } from "../testing/api.ts";

describe("sticky TERMINATE across an AgentState outage", () => {
  it("a fail-safe TERMINATE stays TERMINATE once AgentState is back", async () => {
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
    expect({ decision: first.decision, degraded: first.degraded }).toEqual({ decision: "TERMINATE", degraded: "agent_state" });
    plan = NO_FAULTS; // the outage ends while the hand-over is still retrying
    await first.done();
    const next = await call(action("victim"));
    await next.done();
    expect(next.decision).toBe("TERMINATE");
  });
});
