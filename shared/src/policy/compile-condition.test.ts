import { describe, expect, it } from "vitest";
import { emptyAgentState } from "../schemas/agent-state.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import type { Finding } from "../schemas/finding.ts";
import type { Condition } from "./condition-schema.ts";
import { compileCondition, compileFindingMatcher, evidenceMatchers } from "./compile-condition.ts";
import { WorkBudget, type EvalContext } from "./context.ts";
import { validatePolicyDocument } from "./parse.ts";

const request: EvaluateRequest = {
  agent_id: "agent-7",
  action: "DROP TABLE users;",
  action_type: "code_execution",
  tool: { name: "sql", arguments: { query: "DROP TABLE users", targets: ["users", "orders"], opts: { dry_run: false } } },
  context: { environment: "prod", tags: ["pci", "eu"], depth: 3, nothing: null },
  stated_intent: "cleanup old tables",
};

const findings: Finding[] = [
  { type: "DANGEROUS_CODE", subtype: "destructive_sql", start: 0, end: 10, score: 0.9, detector: "code" },
  { type: "EMAIL_ADDRESS", start: 11, end: 20, score: 0.6, detector: "pii" },
  { type: "US_SSN", start: 21, end: 30, score: 0.95, detector: "pii" },
];

const agent = { ...emptyAgentState(), requests: 40, violations: 6, decisions: { ALLOW: 34, RESTRICT: 1, BLOCK: 5, TERMINATE: 0 } };
const ctx: EvalContext = { budget: new WorkBudget(), request, agent, findings, risk: 0.72 };

/** Compile through the real schema so the tests only use valid conditions. */
function test(when: Condition, c: EvalContext = ctx): boolean {
  const doc = validatePolicyDocument({ version: 1, name: "t", default: { decision: "ALLOW" }, rules: [{ id: "r", when, then: { decision: "BLOCK" } }] });
  return compileCondition((doc.rules[0] as { when: Condition }).when)(c);
}

describe("finding and risk conditions", () => {
  it.each<[Condition, boolean]>([
    [{ finding: { type: "DANGEROUS_CODE" } }, true],
    [{ finding: { type: "DANGEROUS_CODE", subtype: "destructive_sql", min_score: 0.9 } }, true],
    [{ finding: { type: "DANGEROUS_CODE", subtype: "destructive_sql", min_score: 0.95 } }, false],
    [{ finding: { type: "DANGEROUS_CODE", subtype: "fork_bomb" } }, false],
    [{ finding: { type: "PII" } }, true],
    [{ finding: { type: "PII", min_count: 2 } }, true],
    [{ finding: { type: "PII", min_count: 2, min_score: 0.7 } }, false],
    [{ finding: { type: "SECRET" } }, false],
    [{ risk: { gte: 0.72 } }, true],
    [{ risk: { gt: 0.72 } }, false],
    [{ risk: { gte: 0.5, lt: 0.8 } }, true],
    [{ risk: { lte: 0.5 } }, false],
  ])("%j → %s", (when, expected) => {
    expect(test(when)).toBe(expected);
  });

  it("uses min_score 0.5 by default so 'talking about' findings do not count", () => {
    const talk: Finding = { type: "DANGEROUS_CODE", subtype: "fork_bomb", start: 0, end: 3, score: 0.3, detector: "code" };
    expect(test({ finding: { type: "DANGEROUS_CODE", subtype: "fork_bomb" } }, { ...ctx, findings: [talk] })).toBe(false);
    expect(compileFindingMatcher({ type: "DANGEROUS_CODE", min_score: 0.2 })(talk)).toBe(true);
  });
});

describe("combinators", () => {
  const yes: Condition = { field: "action_type", op: "eq", value: "code_execution" };
  const no: Condition = { field: "action_type", op: "eq", value: "query" };
  it.each<[Condition, boolean]>([
    [{ all: [] }, true],
    [{ any: [] }, false],
    [{ all: [yes, yes] }, true],
    [{ all: [yes, no] }, false],
    [{ any: [no, yes] }, true],
    [{ any: [no, no] }, false],
    [{ not: no }, true],
    [{ not: { all: [yes, { not: no }] } }, false],
  ])("%j → %s", (when, expected) => {
    expect(test(when)).toBe(expected);
  });
});

describe("evidenceMatchers", () => {
  it("collects finding leaves except those under not", () => {
    const matchers = evidenceMatchers({
      all: [{ finding: { type: "SECRET" } }, { any: [{ finding: { type: "US_SSN" } }] }, { not: { finding: { type: "EMAIL_ADDRESS" } } }],
    });
    expect(matchers).toHaveLength(2);
    expect(matchers.map((m) => findings.some(m))).toEqual([false, true]);
  });
});
