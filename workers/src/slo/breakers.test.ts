/**
 * guardedCall: one dependency call under the decision budget and the tenant's breaker (the breaker's state
 * machine itself is tested in shared/src/slo/breaker.test.ts with an injected clock).
 */
import { DEFAULT_BREAKER_OPTIONS } from "@nethical/core/slo/breaker.ts";
import { SLO_PROFILES } from "@nethical/core/slo/profiles.ts";
import { describe, expect, it } from "vitest";
import { DependencyTimeoutError } from "../decide/with-timeout.ts";
import { breakerFor, BreakerOpenError, breakerStates, BudgetSpentError, guardedCall, guardedFailure } from "./breakers.ts";
import { decisionBudget } from "./decision-budget.ts";

const never = () => new Promise<never>(() => undefined);
const tenant = () => `guarded-${crypto.randomUUID().slice(0, 8)}`;

async function failure(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("guardedCall", () => {
  it("answers within the budget and cuts a call that outlasts it", async () => {
    const t = tenant();
    const budget = decisionBudget(SLO_PROFILES.edge, Date.now()); // 25 ms
    expect(await guardedCall(t, "kv", budget, async () => "value")).toBe("value");
    const error = await failure(guardedCall(t, "kv", decisionBudget(SLO_PROFILES.edge, Date.now()), never));
    expect(error).toBeInstanceOf(DependencyTimeoutError);
    expect(guardedFailure(error)).toBe("over the decision budget");
  });

  it("does not call once the budget is spent", async () => {
    let now = 1_000;
    const budget = decisionBudget(SLO_PROFILES.cloud, now, () => now);
    now += 250;
    let called = false;
    const error = await failure(guardedCall(tenant(), "agent_state", budget, async () => (called = true)));
    expect(error).toBeInstanceOf(BudgetSpentError);
    expect(called).toBe(false);
  });

  it("opens after K failures of the tenant's dependency and then refuses without calling; other tenants unaffected", async () => {
    const t = tenant();
    for (let i = 0; i < DEFAULT_BREAKER_OPTIONS.failureThreshold; i++) {
      await failure(guardedCall(t, "policy_store", decisionBudget(SLO_PROFILES.cloud, Date.now()), () => Promise.reject(new Error("down"))));
    }
    expect(breakerFor(t, "policy_store").state()).toBe("open");
    let called = false;
    const error = await failure(guardedCall(t, "policy_store", decisionBudget(SLO_PROFILES.cloud, Date.now()), async () => (called = true)));
    expect(error).toBeInstanceOf(BreakerOpenError);
    expect(guardedFailure(error)).toBe("latency breaker open");
    expect(called).toBe(false);
    expect(breakerFor(t, "kv").state()).toBe("closed");
    expect(breakerFor(tenant(), "policy_store").state()).toBe("closed");
  });

  it("keeps one AgentState breaker per agent: a flooding agent's open breaker leaves the tenant's other agents alone", async () => {
    const t = tenant();
    for (let i = 0; i < DEFAULT_BREAKER_OPTIONS.failureThreshold; i++) {
      await failure(guardedCall(t, "agent_state", decisionBudget(SLO_PROFILES.cloud, Date.now()), () => Promise.reject(new Error("overloaded")), "arm-1"));
    }
    expect(breakerFor(t, "agent_state", "arm-1").state()).toBe("open");
    expect(await guardedCall(t, "agent_state", decisionBudget(SLO_PROFILES.cloud, Date.now()), async () => "decided", "arm-2")).toBe("decided");
    expect(breakerStates(t).agent_state_not_closed).toEqual([{ agent_id: "arm-1", state: "open" }]);
  });

  it("does not hold a call cut with under half the budget left against its dependency", async () => {
    const t = tenant();
    for (let i = 0; i < DEFAULT_BREAKER_OPTIONS.failureThreshold + 2; i++) {
      const budget = decisionBudget(SLO_PROFILES.edge, Date.now() - 20); // 5 of 25 ms left
      await failure(guardedCall(t, "agent_state", budget, never));
    }
    expect(breakerFor(t, "agent_state").state()).toBe("closed");
  });
});
