/**
 * AgentState.recordTermination: a TERMINATE the Worker's fail-safe answered while the object was
 * unreachable is recorded once, makes the agent's next decision TERMINATE, and never undoes an operator's
 * reinstatement made at or after it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { agentStateName, policyStoreName } from "../storage-keys.ts";

async function tenantWithPolicy(): Promise<{ tenant: string; ref: { hash: string; seq: number } }> {
  const tenant = `rt-${crypto.randomUUID().slice(0, 8)}`;
  const store = env.POLICY_STORE.get(env.POLICY_STORE.idFromName(policyStoreName(tenant)));
  const created = await store.createTenant(tenant, tenant, Date.now());
  if (!created.ok) throw new Error(created.message);
  return { tenant, ref: { hash: created.tenant.active.hash, seq: created.tenant.active.seq } };
}

const agent = (tenant: string, id: string) => env.AGENT_STATE.get(env.AGENT_STATE.idFromName(agentStateName(tenant, id)));
const request = (id: string) => ({ agent_id: id, action: "list files in /tmp", action_type: "query" });

describe("AgentState.recordTermination", () => {
  it("terminates an agent it never decided for, once, and its next decision is TERMINATE", async () => {
    const { tenant, ref } = await tenantWithPolicy();
    const stub = agent(tenant, "r1");
    const t = { decision_id: "fs-1", reason: "kill switch (fail-safe)", at: Date.now() };
    expect(await stub.recordTermination(tenant, "r1", t)).toBe("recorded");
    expect(await stub.recordTermination(tenant, "r1", t)).toBe("already_terminated");
    expect((await stub.decide(tenant, request("r1"), ref, Date.now())).response.decision).toBe("TERMINATE");
    const view = await stub.snapshot(tenant, "r1", Date.now());
    expect(view).toMatchObject({ terminated: true, terminated_decision_id: "fs-1", decisions: { TERMINATE: 2 } });
  });

  it("never undoes a reinstatement made at or after the termination", async () => {
    const { tenant, ref } = await tenantWithPolicy();
    const stub = agent(tenant, "r2");
    const at = Date.now();
    await stub.recordTermination(tenant, "r2", { decision_id: "fs-2", reason: "kill", at });
    expect((await stub.reinstate(tenant, "r2", "op-key", "checked", at + 10)).ok).toBe(true);
    // A late or repeated hand-over of the same (older) termination changes nothing.
    expect(await stub.recordTermination(tenant, "r2", { decision_id: "fs-2", reason: "kill", at })).toBe("reinstated_since");
    expect((await stub.decide(tenant, request("r2"), ref, Date.now())).response.decision).toBe("ALLOW");
  });
});
