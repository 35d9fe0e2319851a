/**
 * Fail-safe: when a dependency fails (the agent's state or the tenant's policy cannot be read), the
 * answer is never ALLOW: BLOCK (or TERMINATE when the policy alone says so), marked degraded in the
 * explanation and the `X-Nethical-Degraded` header. The failures are real: the Durable Objects' storage
 * is broken from inside, nothing is mocked.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { activePolicyKey, agentStateName, policyStoreName } from "@nethical/durable-objects/storage-keys";
import { forgetActivePolicies } from "./policy/active-policy.ts";
import { action, api, createTenant, evaluate, killSwitchPolicy, setPolicy } from "./testing/api.ts";

async function breakAgentState(tenant: string, agentId: string): Promise<void> {
  const stub = env.AGENT_STATE.get(env.AGENT_STATE.idFromName(agentStateName(tenant, agentId)));
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("DROP TABLE IF EXISTS agent; CREATE TABLE agent (broken TEXT)");
  });
}

describe("fail-safe", () => {
  it("agent state unavailable → BLOCK, degraded, for an action the policy would ALLOW", async () => {
    const { tenant, keys } = await createTenant("failsafe");
    await setPolicy(keys.operator, killSwitchPolicy());
    expect((await evaluate(keys.agent, action("broken-1"))).body.decision).toBe("ALLOW");
    await breakAgentState(tenant, "broken-1");

    const res = await evaluate(keys.agent, action("broken-1"));
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe("BLOCK");
    expect(res.headers.get("x-nethical-degraded")).toBe("agent_state");
    expect(res.headers.get("x-nethical-agent-seq")).toBeNull();
    expect(res.body.explanation.summary).toContain("degraded");
    expect(res.body.explanation.decided_by[0]).toMatchObject({ kind: "override", id: "fail_safe", decision: "BLOCK" });
  });

  it("agent state unavailable → the policy's own TERMINATE is answered only if it can be recorded; here it cannot → BLOCK", async () => {
    const { tenant, keys } = await createTenant("failsafe");
    await setPolicy(keys.operator, killSwitchPolicy());
    await evaluate(keys.agent, action("broken-2"));
    await breakAgentState(tenant, "broken-2");
    const res = await evaluate(keys.agent, action("broken-2", { context: { kill: true } }));
    // A TERMINATE the agent's state cannot hold would not be sticky (workers/src/hardening/failsafe-terminate-window.test.ts).
    expect(res.body.decision).toBe("BLOCK");
    expect(res.headers.get("x-nethical-degraded")).toBe("agent_state");
    expect(res.body.explanation.decided_by[0]).toMatchObject({ kind: "override", id: "fail_safe", decision: "BLOCK" });
    expect(res.body.explanation.decided_by.some((d) => d.kind === "rule" && d.decision === "TERMINATE")).toBe(true);
  });

  it("policy unavailable (KV copy gone, PolicyStore broken) → BLOCK, degraded, for every batch item", async () => {
    const { tenant, keys } = await createTenant("failsafe");
    await env.POLICY_KV.delete(activePolicyKey(tenant));
    const store = env.POLICY_STORE.get(env.POLICY_STORE.idFromName(policyStoreName(tenant)));
    await runInDurableObject(store, (_instance, state) => {
      state.storage.sql.exec("DROP TABLE bundles");
    });
    forgetActivePolicies();

    const single = await evaluate(keys.agent, action("any"));
    expect(single.status).toBe(200);
    expect(single.body.decision).toBe("BLOCK");
    expect(single.body.policy_version).toBe("unavailable");
    expect(single.headers.get("x-nethical-degraded")).toBe("policy");

    const res = await api("/v2/batch-evaluate", { key: keys.agent, json: { requests: [action("p1"), action("p2")] } });
    const { results } = (await res.json()) as { results: { degraded: string; response: { decision: string } }[] };
    expect(results.map((r) => [r.response.decision, r.degraded])).toEqual([
      ["BLOCK", "policy"],
      ["BLOCK", "policy"],
    ]);
  });

  it("routes that only read state answer 503 problem+json when the state cannot be read", async () => {
    const { tenant, keys } = await createTenant("failsafe");
    await evaluate(keys.agent, action("broken-3"));
    await breakAgentState(tenant, "broken-3");
    const res = await api("/v2/agents/broken-3", { key: keys.operator });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
