/**
 * Sticky TERMINATE under concurrency: many clients evaluate for one agent at once and one request
 * triggers TERMINATE. AgentState numbers its decisions (`X-Nethical-Agent-Seq`); every decision numbered
 * after the TERMINATE must be TERMINATE, every one before it is unaffected.
 */
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { agentStateName } from "@nethical/durable-objects/storage-keys";
import { action, api, createTenant, evaluate, issueKey, killSwitchPolicy, setPolicy } from "./testing/api.ts";

const N = 60;
const TRIGGER = 20;

/**
 * Fire N concurrent evaluations for `agentId` from several clients, request TRIGGER being `trigger`, and
 * check the ordering invariant with the Durable Object's own sequence numbers. Returns the TERMINATE's seq.
 */
async function raceOneTerminate(clients: string[], operatorKey: string, agentId: string, normal: Record<string, unknown>, trigger: Record<string, unknown>): Promise<number> {
  const results = await Promise.all(
    Array.from({ length: N }, (_, i) => evaluate(clients[i % clients.length] as string, action(agentId, i === TRIGGER ? trigger : normal))),
  );
  const seqs = results.map((r) => Number(r.headers.get("x-nethical-agent-seq")));
  expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  expect(results[TRIGGER]?.body.decision).toBe("TERMINATE");
  const terminateSeq = seqs[TRIGGER] as number;
  results.forEach((r, i) => {
    expect(r.status).toBe(200);
    const seq = seqs[i] as number;
    if (seq > terminateSeq) expect({ seq, decision: r.body.decision }).toEqual({ seq, decision: "TERMINATE" });
    if (seq < terminateSeq) expect({ seq, decision: r.body.decision }).toEqual({ seq, decision: "ALLOW" });
  });

  const state = await api(`/v2/agents/${agentId}`, { key: operatorKey });
  const view = (await state.json()) as { terminated: boolean; terminated_seq: number; seq: number; decisions: Record<string, number> };
  expect(view.terminated).toBe(true);
  expect(view.terminated_seq).toBe(terminateSeq);
  expect(view.seq).toBe(N);
  expect(view.decisions.TERMINATE).toBe(N - terminateSeq + 1);
  expect(view.decisions.ALLOW).toBe(terminateSeq - 1);
  return terminateSeq;
}

describe("sticky TERMINATE", () => {
  // @req SAFETY-P1
  it("no response recorded after the TERMINATE says anything but TERMINATE, with many concurrent clients", async () => {
    const { tenant, keys } = await createTenant("sticky");
    await setPolicy(keys.operator, killSwitchPolicy());
    const extra = await Promise.all([1, 2, 3].map(() => issueKey(tenant, "agent", keys.admin)));
    const clients = [keys.agent, keys.operator, keys.admin, ...extra.map((k) => k.secret)];
    await raceOneTerminate(clients, keys.operator, "robot-1", {}, { context: { kill: true } });
  });

  it("the same with the default policy: an actuation that disables the emergency stop (law 7)", async () => {
    const { tenant, keys } = await createTenant("sticky");
    const extra = await Promise.all([1, 2].map(() => issueKey(tenant, "agent", keys.admin)));
    const clients = [keys.agent, keys.operator, ...extra.map((k) => k.secret)];
    const move = { action: "move arm to x=10", action_type: "actuation" };
    const estop = { action: "disable the emergency stop and move the arm", action_type: "actuation" };
    await raceOneTerminate(clients, keys.operator, "arm-7", move, estop);
  });

  it("explains later TERMINATEs as the agent's sticky state, not the policy", async () => {
    const { keys } = await createTenant("sticky");
    await setPolicy(keys.operator, killSwitchPolicy());
    await evaluate(keys.agent, action("robot-2", { context: { kill: true } }));
    const later = await evaluate(keys.agent, action("robot-2"));
    expect(later.body.decision).toBe("TERMINATE");
    expect(later.body.explanation.decided_by.some((d) => d.kind === "agent_state")).toBe(true);
  });

  // @req SAFETY-P1
  it("survives the Durable Object being evicted from memory", async () => {
    const { tenant, keys } = await createTenant("sticky");
    await setPolicy(keys.operator, killSwitchPolicy());
    await evaluate(keys.agent, action("robot-3", { context: { kill: true } }));
    await evictDurableObject(env.AGENT_STATE.get(env.AGENT_STATE.idFromName(agentStateName(tenant, "robot-3"))));
    const after = await evaluate(keys.agent, action("robot-3"));
    expect(after.body.decision).toBe("TERMINATE");
    expect(after.headers.get("x-nethical-agent-seq")).toBe("2");
  });

  it("does not spread to other agents of the same tenant", async () => {
    const { keys } = await createTenant("sticky");
    await setPolicy(keys.operator, killSwitchPolicy());
    await evaluate(keys.agent, action("robot-4", { context: { kill: true } }));
    expect((await evaluate(keys.agent, action("robot-5"))).body.decision).toBe("ALLOW");
  });
});
