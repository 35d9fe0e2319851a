import { beforeAll, describe, expect, it } from "vitest";
import { emptyAgentState } from "../schemas/agent-state.ts";
import type { Finding } from "../schemas/finding.ts";
import { compilePolicy, type CompiledPolicy } from "./compile.ts";
import { WorkBudget, type EvalContext } from "./context.ts";
import { bestEvidence, matchRules } from "./match-rules.ts";

let policy: CompiledPolicy;
beforeAll(() => {
  policy = compilePolicy({
    tenant: "t",
    seq: 0,
    hash: "0".repeat(64),
    policy: {
      version: 1,
      name: "p",
      default: { decision: "ALLOW" },
      rules: [
        { id: "typed", priority: 1, when: { field: "action_type", op: "eq", value: "tool_call" }, then: { decision: "RESTRICT" } },
        { id: "tooled", priority: 5, when: { field: "tool.name", op: "eq", value: "sql" }, then: { decision: "BLOCK" } },
        { id: "wild-a", when: { any: [{ finding: { type: "SECRET" } }, { finding: { type: "PII", min_score: 0.8 } }] }, then: { decision: "BLOCK" } },
        { id: "wild-b", priority: 5, when: { risk: { gte: 0.5 } }, then: { decision: "BLOCK" } },
      ],
    },
  });
});

const findings: Finding[] = [
  { type: "EMAIL_ADDRESS", start: 0, end: 5, score: 0.85, detector: "pii" },
  { type: "SECRET", subtype: "jwt", start: 10, end: 50, score: 0.9, detector: "secrets" },
  { type: "US_SSN", start: 60, end: 71, score: 0.9, detector: "pii" },
];
const ctx = (action_type: string, tool?: string, risk = 0.6): EvalContext => ({
  budget: new WorkBudget(),
  request: { agent_id: "a", action: "x", action_type, ...(tool === undefined ? {} : { tool: { name: tool } }) },
  agent: emptyAgentState(),
  findings,
  risk,
});

describe("matchRules", () => {
  it("returns matches from every candidate list, by priority then declaration order", () => {
    expect(matchRules(policy, ctx("tool_call", "sql")).map((r) => r.id)).toEqual(["tooled", "wild-b", "typed", "wild-a"]);
    expect(matchRules(policy, ctx("query", undefined, 0.1)).map((r) => r.id)).toEqual(["wild-a"]);
    expect(matchRules(policy, { ...ctx("query", undefined, 0.1), findings: [] })).toEqual([]);
  });
});

describe("bestEvidence", () => {
  it("picks the highest-scoring finding that satisfies a finding condition (first on ties)", () => {
    const rule = policy.rules.find((r) => r.id === "wild-a");
    if (rule === undefined) throw new Error("missing rule");
    expect(bestEvidence(rule, findings)).toBe(findings[1]);
    expect(bestEvidence(rule, [findings[0] as Finding, findings[2] as Finding])).toBe(findings[2]);
    expect(bestEvidence(rule, [])).toBeUndefined();
    const noFindings = policy.rules.find((r) => r.id === "wild-b");
    if (noFindings === undefined) throw new Error("missing rule");
    expect(bestEvidence(noFindings, findings)).toBeUndefined();
  });
});
