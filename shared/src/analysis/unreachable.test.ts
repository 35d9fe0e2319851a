import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileCondition } from "../policy/compile-condition.ts";
import type { Condition } from "../policy/condition-schema.ts";
import { arbAgent, arbRequest } from "../policy/testing/requests.ts";
import { arbCondition } from "../policy/testing/rules.ts";
import { runDetectors } from "../detectors/run.ts";
import { scanRequest } from "../policy/scan-request.ts";
import { riskFeatures } from "../risk/features.ts";
import { riskScore } from "../risk/score.ts";
import { analyzePolicy } from "./analyze.ts";
import { ruleFacts } from "./rule-facts.ts";
import { doc } from "./testing.ts";
import { WorkBudget } from "../policy/context.ts";

const codesFor = (when: Condition) => analyzePolicy(doc([{ id: "r", when, then: { decision: "BLOCK" } }])).findings.map((f) => f.code);

const NEVER: [string, Condition][] = [
  ["eq a ∧ eq b", { all: [{ field: "action_type", op: "eq", value: "query" }, { field: "action_type", op: "eq", value: "message" }] }],
  ["gt 5 ∧ lt 3", { all: [{ field: "agent.requests", op: "gt", value: 5 }, { field: "agent.requests", op: "lt", value: 3 }] }],
  ["risk above 0.9 and below 0.3", { risk: { gt: 0.9, lt: 0.3 } }],
  ["risk above 1", { risk: { gt: 1 } }],
  ["no whole number between 2 and 3", { all: [{ field: "agent.decisions.BLOCK", op: "gt", value: 2 }, { field: "agent.decisions.BLOCK", op: "lt", value: 3 }] }],
  ["empty any", { any: [] }],
  ["in list excluded by nin", { all: [{ field: "context.env", op: "in", value: ["a", "b"] }, { field: "context.env", op: "nin", value: ["a", "b", "c"] }] }],
  ["leaf and its negation", { all: [{ field: "tool.name", op: "eq", value: "sql" }, { not: { field: "tool.name", op: "eq", value: "sql" } }] }],
  ["finding required and forbidden", { all: [{ finding: { type: "SECRET", subtype: "jwt", min_score: 0.9 } }, { not: { finding: { type: "SECRET" } } }] }],
  ["incompatible prefixes", { all: [{ field: "action", op: "starts_with", value: "rm" }, { field: "action", op: "starts_with", value: "ls" }] }],
  ["required text also excluded", { all: [{ field: "action", op: "contains", value: "DROP TABLE" }, { not: { field: "action", op: "contains", value: "DROP" } }] }],
  ["number compared as a string", { all: [{ field: "context.n", op: "gt", value: 1 }, { field: "context.n", op: "starts_with", value: "1" }] }],
  ["required field absent", { not: { field: "action_type", op: "exists" } }],
  ["action_type that is not an identifier", { field: "action_type", op: "eq", value: "Code-Execution" }],
  ["every branch dead", { any: [{ all: [{ field: "context.a", op: "eq", value: 1 }, { field: "context.a", op: "eq", value: 2 }] }, { risk: { lt: 0 } }] }],
  ["not of an any with a true branch", { not: { any: [{ all: [] }, { field: "context.a", op: "exists" }] } }],
];

const SOMETIMES: [string, Condition][] = [
  ["eq a ∨ eq b", { any: [{ field: "action_type", op: "eq", value: "query" }, { field: "action_type", op: "eq", value: "message" }] }],
  ["gt 3 ∧ lt 5", { all: [{ field: "agent.requests", op: "gt", value: 3 }, { field: "agent.requests", op: "lt", value: 5 }] }],
  ["neq a ∧ neq b", { all: [{ field: "context.env", op: "neq", value: "a" }, { field: "context.env", op: "neq", value: "b" }] }],
  ["contains x ∧ not contains y", { all: [{ field: "action", op: "contains", value: "DROP" }, { not: { field: "action", op: "contains", value: "DROP TABLE" } }] }],
  ["compatible prefixes", { all: [{ field: "action", op: "starts_with", value: "rm" }, { field: "action", op: "starts_with", value: "rm -rf" }] }],
  ["a weaker finding forbidden but a stronger one required", { all: [{ finding: { type: "SECRET", min_score: 0.5 } }, { not: { finding: { type: "SECRET", min_score: 0.9 } } }] }],
  ["two findings needed, one forbidden", { all: [{ finding: { type: "SECRET" } }, { not: { finding: { type: "SECRET", min_count: 2 } } }] }],
  ["regexes are not assumed contradictory", { all: [{ field: "action", op: "matches", value: "^a" }, { field: "action", op: "matches", value: "^b" }] }],
  ["json field that is absent or a number", { any: [{ not: { field: "context.n", op: "exists" } }, { field: "context.n", op: "gt", value: 1 }] }],
  ["always true", { all: [] }],
];

describe("unreachable rules", () => {
  it.each(NEVER)("reports %s as an error", (_, when) => {
    const report = analyzePolicy(doc([{ id: "r", when, then: { decision: "BLOCK" } }]));
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([expect.objectContaining({ code: "unreachable", rules: ["r"], path: "rules[0].when" })]);
  });

  it.each(SOMETIMES)("does not report %s", (_, when) => {
    expect(codesFor(when)).not.toContain("unreachable");
  });

  it("says why, naming the leaves", () => {
    const [f] = analyzePolicy(doc([{ id: "r", when: NEVER[0]![1], then: { decision: "BLOCK" } }])).findings;
    expect(f?.message).toMatch(/r can never match: action_type .*"query".*"message"/);
  });

  it("never calls a rule unreachable that some request matches (random conditions and requests)", () => {
    fc.assert(
      fc.property(arbCondition, fc.array(fc.tuple(arbRequest, arbAgent), { minLength: 1, maxLength: 6 }), (when, inputs) => {
        const facts = ruleFacts({ id: "r", when, then: { decision: "BLOCK" } }, 0);
        if (facts.dnf === undefined || facts.live.length > 0) return;
        const test = compileCondition(when);
        for (const [request, agent] of inputs) {
          const findings = scanRequest(request, runDetectors);
          expect(test({ budget: new WorkBudget(), request, agent, findings, risk: riskScore(riskFeatures(findings, request, agent)) })).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("not analysed", () => {
  it("gives up on a condition whose DNF exceeds the cap instead of hanging, with a warning", () => {
    const wide: Condition = { all: Array.from({ length: 12 }, (_, i) => ({ any: [{ field: `context.a${i}`, op: "eq", value: 1 }, { field: `context.b${i}`, op: "eq", value: 2 }] }) as Condition) };
    const report = analyzePolicy(doc([{ id: "wide", when: wide, then: { decision: "BLOCK" } }]));
    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([expect.objectContaining({ code: "not-analysed", severity: "warning", rules: ["wide"] })]);
  });

  it("stops the pairwise analysis after the pair budget", () => {
    const rules = Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, when: { field: `context.k${i}`, op: "eq" as const, value: i }, then: { decision: "BLOCK" as const } }));
    const report = analyzePolicy(doc(rules), { maxPairChecks: 10 });
    expect(report.findings.filter((f) => f.code === "not-analysed")).toHaveLength(1);
    expect(analyzePolicy(doc(rules)).findings).toEqual([]);
  });
});
