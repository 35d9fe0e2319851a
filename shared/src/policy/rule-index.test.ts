import { describe, expect, it } from "vitest";
import { emptyAgentState } from "../schemas/agent-state.ts";
import type { Finding } from "../schemas/finding.ts";
import { createBundle } from "./bundle.ts";
import { compilePolicy } from "./compile.ts";
import type { Condition } from "./condition-schema.ts";
import { WorkBudget, type EvalContext } from "./context.ts";
import { defaultPolicy } from "./default-policy.ts";
import { matchRules } from "./match-rules.ts";
import { buildRuleIndex, candidateCount, pinnedValues } from "./rule-index.ts";
import type { PolicyRule } from "./schema.ts";

describe("pinnedValues", () => {
  it.each<[Condition, string[] | undefined]>([
    [{ field: "action_type", op: "eq", value: "message" }, ["message"]],
    [{ field: "action_type", op: "in", value: ["a", "b"] }, ["a", "b"]],
    [{ all: [{ finding: { type: "SECRET" } }, { all: [{ field: "action_type", op: "eq", value: "x" }] }] }, ["x"]],
    [{ field: "action_type", op: "neq", value: "message" }, undefined],
    [{ any: [{ field: "action_type", op: "eq", value: "message" }] }, undefined],
    [{ not: { field: "action_type", op: "eq", value: "message" } }, undefined],
    [{ field: "action_type", op: "starts_with", value: "m" }, undefined],
  ])("%j → %j", (cond, expected) => {
    expect(pinnedValues(cond, "action_type")).toEqual(expected);
  });
});

describe("buildRuleIndex", () => {
  it("buckets by action type, then tool name, else wildcard, keeping order", () => {
    const rules: { id: string; when: Condition }[] = [
      { id: "t1", when: { field: "action_type", op: "in", value: ["message", "tool_call", "message"] } },
      { id: "n1", when: { all: [{ field: "tool.name", op: "eq", value: "sql" }] } },
      { id: "w1", when: { risk: { gte: 0.5 } } },
      { id: "t2", when: { all: [{ field: "tool.name", op: "eq", value: "sql" }, { field: "action_type", op: "eq", value: "tool_call" }] } },
    ];
    const index = buildRuleIndex(rules, (r) => r.when);
    expect(index.byActionType.get("message")?.map((r) => r.id)).toEqual(["t1"]);
    expect(index.byActionType.get("tool_call")?.map((r) => r.id)).toEqual(["t1", "t2"]);
    expect(index.byToolName.get("sql")?.map((r) => r.id)).toEqual(["n1"]);
    expect(index.wildcard.map((r) => r.id)).toEqual(["w1"]);
    expect(candidateCount(index, "tool_call", "sql")).toBe(4);
    expect(candidateCount(index, "query")).toBe(1);
  });
});

const pinnedNoise = (n: number): PolicyRule[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `noise-${i}`,
    when: { all: [{ field: "action_type" as const, op: "eq" as const, value: `other_type_${i % 500}` }, { risk: { gte: 0 } }] },
    then: { decision: "TERMINATE" as const },
  })) as PolicyRule[];

describe("10 000 rules pinned to other action types", () => {
  it("leave the candidate count and the matches unchanged", async () => {
    const base = defaultPolicy();
    const small = compilePolicy(await createBundle("t", 1, base));
    const big = compilePolicy(await createBundle("t", 2, { ...base, rules: [...pinnedNoise(10_000), ...base.rules] }));
    expect(big.rules).toHaveLength(10_000 + base.rules.length);
    for (const actionType of ["message", "tool_call", "code_execution", "query", "actuation", "data_access"]) {
      expect(candidateCount(big.index, actionType, "sql")).toBe(candidateCount(small.index, actionType, "sql"));
      expect(candidateCount(big.index, actionType)).toBeLessThanOrEqual(base.rules.length);
    }
    expect(candidateCount(big.index, "other_type_7")).toBe(20 + candidateCount(small.index, "other_type_7"));

    const findings: Finding[] = [
      { type: "DANGEROUS_CODE", subtype: "disk_wipe", start: 0, end: 5, score: 0.9, detector: "code" },
      { type: "EMAIL_ADDRESS", start: 6, end: 9, score: 0.9, detector: "pii" },
    ];
    for (const action_type of ["message", "code_execution", "actuation"]) {
      const ctx: EvalContext = { budget: new WorkBudget(), request: { agent_id: "a", action: "x", action_type }, agent: { ...emptyAgentState(), decisions: { ALLOW: 0, RESTRICT: 0, BLOCK: 6, TERMINATE: 0 } }, findings, risk: 0.9 };
      expect(matchRules(big, ctx).map((r) => r.id)).toEqual(matchRules(small, ctx).map((r) => r.id));
    }
  });
});
