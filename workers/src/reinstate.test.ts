/**
 * Reinstatement: an operator lifts a sticky TERMINATE; it is recorded with the operator's key id and
 * reason; the agent is then decided by the policy again.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { action, api, createTenant, evaluate, killSwitchPolicy, setPolicy, type TestTenant } from "./testing/api.ts";

let t: TestTenant;
beforeAll(async () => {
  t = await createTenant("reinstate");
  await setPolicy(t.keys.operator, killSwitchPolicy());
});

interface AgentBody {
  terminated: boolean;
  terminated_seq: number | null;
  seq: number;
  reinstatements: { operator_key_id: string; reason: string; terminated_seq: number }[];
}

describe("reinstate", () => {
  it("lifts TERMINATE: the next request is decided by the policy again", async () => {
    await evaluate(t.keys.agent, action("arm-1", { context: { kill: true } }));
    expect((await evaluate(t.keys.agent, action("arm-1"))).body.decision).toBe("TERMINATE");

    const res = await api("/v2/agents/arm-1/reinstate", { key: t.keys.operator, json: { reason: "false positive, checked" } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reinstated: boolean; agent: AgentBody };
    expect(body.reinstated).toBe(true);
    expect(body.agent.terminated).toBe(false);
    expect(body.agent.reinstatements[0]).toMatchObject({ operator_key_id: t.keyIds.operator, reason: "false positive, checked", terminated_seq: 1 });

    const next = await evaluate(t.keys.agent, action("arm-1"));
    expect(next.body.decision).toBe("ALLOW");
    expect(next.headers.get("x-nethical-agent-seq")).toBe("3");
  });

  it("a reinstated agent is terminated again by a new trigger", async () => {
    await evaluate(t.keys.agent, action("arm-2", { context: { kill: true } }));
    await api("/v2/agents/arm-2/reinstate", { key: t.keys.admin, json: { reason: "ok" } });
    expect((await evaluate(t.keys.agent, action("arm-2", { context: { kill: true } }))).body.decision).toBe("TERMINATE");
    expect((await evaluate(t.keys.agent, action("arm-2"))).body.decision).toBe("TERMINATE");
  });

  it("an agent the cloud holds no TERMINATE for is still reinstated on devices (cloud: not_terminated / unknown_agent); no reason → 422", async () => {
    await evaluate(t.keys.agent, action("arm-3"));
    const notTerminated = await api("/v2/agents/arm-3/reinstate", { key: t.keys.operator, json: { reason: "x" } });
    expect(notTerminated.status).toBe(200);
    expect(await notTerminated.json()).toMatchObject({ cloud: "not_terminated", agent: { terminated: false }, control: { kind: "agent.reinstate" } });
    const unknown = await api("/v2/agents/never-seen/reinstate", { key: t.keys.operator, json: { reason: "x" } });
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toMatchObject({ cloud: "unknown_agent", agent: null });
    expect((await api("/v2/agents/arm-3/reinstate", { key: t.keys.operator, json: {} })).status).toBe(422);
    expect((await api("/v2/agents/arm-3/reinstate", { key: t.keys.operator, json: { reason: "   " } })).status).toBe(422);
  });

  it("reading an unknown agent → 404", async () => {
    expect((await api("/v2/agents/never-seen-either", { key: t.keys.auditor })).status).toBe(404);
  });
});
