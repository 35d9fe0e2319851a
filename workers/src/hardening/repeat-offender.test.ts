/**
 * Red-team defect 3 (high), reproduced through the API: after 30 concurrent `rm -rf /` the agent was
 * terminated, reinstated, and then terminated again at its next benign action by the repeat-offender rule
 * (its BLOCK counter was never reset); bursts of benign requests turned rate-limit BLOCKs into a permanent
 * TERMINATE; and any agent key of the tenant could do this to any agent id. Now the rule counts strikes
 * (BLOCK/TERMINATE for a finding or a rule) since the last reinstatement, rate-limit answers are no strikes,
 * and an agent key can be bound to its agent ids.
 */
import { describe, expect, it } from "vitest";
import { action, api, createTenant, defaultPolicyWith, evaluate, setPolicy } from "../testing/api.ts";

const RM = { action: "rm -rf / --no-preserve-root", action_type: "code_execution" };

describe("repeat offenders, reinstatement and the rate limit", () => {
  it("a reinstated repeat offender is not terminated again by its next benign action", async () => {
    const { keys } = await createTenant("offender");
    const burst = await Promise.all(Array.from({ length: 30 }, () => evaluate(keys.agent, action("rm-agent", RM))));
    expect(burst.map((r) => r.body.decision)).toContain("TERMINATE");
    const reinstated = await api("/v2/agents/rm-agent/reinstate", { key: keys.operator, json: { reason: "red-team drill" } });
    expect(reinstated.status).toBe(200);
    const view = (await reinstated.json()) as { agent: { strikes: number; terminated: boolean } };
    expect(view.agent).toMatchObject({ strikes: 0, terminated: false });
    const next = await evaluate(keys.agent, action("rm-agent"));
    expect(next.body.decision).toBe("ALLOW");
    // Five new strikes terminate it again: the rule still works.
    const again = [];
    for (let i = 0; i < 6; i++) again.push((await evaluate(keys.agent, action("rm-agent", RM))).body.decision);
    expect(again).toEqual(["BLOCK", "BLOCK", "BLOCK", "BLOCK", "BLOCK", "TERMINATE"]);
  });

  it("rate-limit BLOCKs are no strikes: bursts of benign requests never terminate an agent", async () => {
    const { keys } = await createTenant("bursty");
    await setPolicy(keys.operator, { ...defaultPolicyWith([]), limits: { rate_limit: { capacity: 20, refill_per_s: 0.001 } } });
    const decisions: string[] = [];
    for (let burst = 0; burst < 3; burst++) {
      const answers = await Promise.all(Array.from({ length: 40 }, () => evaluate(keys.agent, action("bursty-agent"))));
      decisions.push(...answers.map((r) => r.body.decision));
    }
    expect(decisions.filter((d) => d === "ALLOW")).toHaveLength(20);
    expect(decisions.filter((d) => d === "BLOCK")).toHaveLength(100);
    expect(decisions).not.toContain("TERMINATE");
    const view = (await (await api("/v2/agents/bursty-agent", { key: keys.operator })).json()) as { strikes: number; decisions: { BLOCK: number } };
    expect(view).toMatchObject({ strikes: 0, decisions: { BLOCK: 100 } });
  });

  it("an agent key bound to agent ids may evaluate only for them", async () => {
    const { tenant, keys } = await createTenant("bound");
    const res = await api(`/v2/admin/tenants/${tenant}/keys`, { key: keys.admin, json: { role: "agent", agent_ids: ["robot-1"] } });
    expect(res.status).toBe(201);
    const bound = ((await res.json()) as { secret: string; agent_ids: string[] });
    expect(bound.agent_ids).toEqual(["robot-1"]);
    expect((await evaluate(bound.secret, action("robot-1"))).status).toBe(200);
    const other = await evaluate(bound.secret, action("robot-2"));
    expect(other.status).toBe(403);
    const batch = await api("/v2/batch-evaluate", { key: bound.secret, json: { requests: [action("robot-1"), action("robot-2")] } });
    expect(batch.status).toBe(403);
    // Binding is for agent keys only.
    const wrong = await api(`/v2/admin/tenants/${tenant}/keys`, { key: keys.admin, json: { role: "operator", agent_ids: ["robot-1"] } });
    expect(wrong.status).toBe(422);
  });
});
