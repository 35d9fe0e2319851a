import { describe, expect, it } from "vitest";
import { compilePolicy } from "./compile.ts";
import { readsAgentState } from "./state-reads.ts";

describe("readsAgentState", () => {
  it("is true for agent.* fields and risk, at any depth and under not", () => {
    expect(readsAgentState({ field: "agent.strikes", op: "gte", value: 5 })).toBe(true);
    expect(readsAgentState({ field: "agent.decisions.BLOCK", op: "gt", value: 0 })).toBe(true);
    expect(readsAgentState({ field: "risk", op: "gte", value: 0.5 })).toBe(true);
    expect(readsAgentState({ all: [{ field: "action_type", op: "eq", value: "query" }, { any: [{ not: { risk: { lt: 0.2 } } }] }] })).toBe(true);
  });

  it("is false for request fields, context, tools and findings (agent_id is the request's)", () => {
    expect(readsAgentState({ field: "agent_id", op: "eq", value: "robot-7" })).toBe(false);
    expect(readsAgentState({ all: [{ field: "tool.arguments.agent.strikes", op: "exists" }, { finding: { type: "SECRET" } }, { not: { field: "context.agent", op: "exists" } }] })).toBe(false);
    expect(readsAgentState({ any: [] })).toBe(false);
  });

  it("splits the compiled policy's rule index by it", () => {
    const policy = compilePolicy({
      tenant: "t",
      seq: 1,
      hash: "0".repeat(64),
      policy: {
        version: 1,
        name: "p",
        default: { decision: "ALLOW" },
        rules: [
          { id: "strikes", when: { field: "agent.strikes", op: "gte", value: 5 }, then: { decision: "TERMINATE" } },
          { id: "shell", when: { field: "tool.name", op: "eq", value: "shell" }, then: { decision: "BLOCK" } },
        ],
      },
    });
    expect(policy.rules.map((r) => [r.id, r.readsAgentState])).toEqual([["strikes", true], ["shell", false]]);
    expect(policy.stateIndex.wildcard.map((r) => r.id)).toEqual(["strikes"]);
    expect(policy.requestIndex.byToolName.get("shell")?.map((r) => r.id)).toEqual(["shell"]);
    expect(policy.requestIndex.wildcard).toEqual([]);
  });
});
