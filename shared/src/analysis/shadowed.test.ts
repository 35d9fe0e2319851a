import { describe, expect, it } from "vitest";
import type { Condition } from "../policy/condition-schema.ts";
import type { PolicyRule } from "../policy/schema.ts";
import { analyzePolicy } from "./analyze.ts";
import { doc, evaluateExample, matchedRules } from "./testing.ts";

const secret: Condition = { finding: { type: "SECRET" } };
const githubInMessage: Condition = {
  all: [{ field: "action_type", op: "eq", value: "message" }, { finding: { type: "SECRET", subtype: "github_token", min_score: 0.8 } }],
};
const prod: Condition = { field: "context.env", op: "eq", value: "prod" };
const prodDeletes: Condition = { all: [prod, { field: "tool.name", op: "in", value: ["sql"] }, { field: "agent.decisions.BLOCK", op: "gte", value: 2 }] };

const shadowedOf = (rules: PolicyRule[]) => analyzePolicy(doc(rules)).findings.filter((f) => f.code === "shadowed");

describe("shadowed rules", () => {
  it("reports a rule implied by a stronger rule, whatever their priorities, with an example that triggers both", () => {
    const rules: PolicyRule[] = [
      { id: "redact-github", priority: 50, when: githubInMessage, then: { decision: "RESTRICT", obligations: [{ type: "redact", findings: ["SECRET"] }] } },
      { id: "block-secrets", when: secret, then: { decision: "BLOCK" } },
    ];
    const [f] = shadowedOf(rules);
    expect(f).toMatchObject({ severity: "warning", rules: ["redact-github", "block-secrets"], path: "rules[0]" });
    const response = evaluateExample(doc(rules), f!.example!);
    expect(matchedRules(response).sort()).toEqual(["block-secrets", "redact-github"]);
    expect(response.decision).toBe("BLOCK");
  });

  it("reports a rule implied by an earlier rule with the same decision, through field reasoning (eq ⇒ in, ≥2 ⇒ >1)", () => {
    const rules: PolicyRule[] = [
      { id: "block-prod-tools", when: { all: [{ field: "context.env", op: "in", value: ["prod", "dr"] }, { field: "agent.decisions.BLOCK", op: "gt", value: 1 }] }, then: { decision: "BLOCK" } },
      { id: "block-prod-deletes", when: prodDeletes, then: { decision: "BLOCK" } },
    ];
    const [f] = shadowedOf(rules);
    expect(f?.rules).toEqual(["block-prod-deletes", "block-prod-tools"]);
    expect(f?.example?.agent).toEqual({ decisions: { BLOCK: 2 } });
    expect(matchedRules(evaluateExample(doc(rules), f!.example!)).sort()).toEqual(["block-prod-deletes", "block-prod-tools"]);
  });

  it("reports the later of two identical rules only", () => {
    const rules: PolicyRule[] = [
      { id: "a", when: prod, then: { decision: "BLOCK" } },
      { id: "b", when: { field: "context.env", op: "in", value: ["prod"] }, then: { decision: "BLOCK" } },
    ];
    expect(shadowedOf(rules).map((f) => f.rules)).toEqual([["b", "a"]]);
    expect(shadowedOf(rules)[0]?.message).toMatch(/same condition/);
  });

  it("does not report a rule implied only by a weaker rule", () => {
    expect(shadowedOf([
      { id: "restrict-secrets", when: secret, then: { decision: "RESTRICT" } },
      { id: "block-github", when: githubInMessage, then: { decision: "BLOCK" } },
    ])).toEqual([]);
  });

  it("does not report a rule whose condition is wider than the other's", () => {
    expect(shadowedOf([
      { id: "block-github", when: githubInMessage, then: { decision: "BLOCK" } },
      { id: "block-secrets", when: secret, then: { decision: "BLOCK" } },
    ])).toEqual([]);
  });

  it("does not report a RESTRICT rule that adds obligations the other rule lacks", () => {
    expect(shadowedOf([
      { id: "approve-prod", when: prod, then: { decision: "RESTRICT", obligations: [{ type: "require_human_approval" }] } },
      { id: "sandbox-prod-sql", when: { all: [prod, { field: "tool.name", op: "eq", value: "sql" }] }, then: { decision: "RESTRICT", obligations: [{ type: "sandbox" }] } },
    ])).toEqual([]);
  });

  it("does not report an equal rule ranked earlier (higher priority) as shadowed by a later one", () => {
    const found = shadowedOf([
      { id: "low", when: prod, then: { decision: "BLOCK" } },
      { id: "high", priority: 10, when: { all: [prod, { field: "tool.name", op: "eq", value: "sql" }] }, then: { decision: "BLOCK" } },
    ]);
    expect(found.map((f) => f.rules)).toEqual([]);
  });
});

describe("contradictory rules", () => {
  it("reports the same condition with different decisions as an error naming both, with an example", () => {
    const rules: PolicyRule[] = [
      { id: "block-prod", when: prod, then: { decision: "BLOCK" } },
      { id: "allow-prod", when: { not: { field: "context.env", op: "neq", value: "prod" } }, then: { decision: "ALLOW" } },
    ];
    const report = analyzePolicy(doc(rules));
    expect(report.ok).toBe(false);
    const [f] = report.findings;
    expect(f).toMatchObject({ severity: "error", code: "contradictory", rules: ["allow-prod", "block-prod"], path: "rules[1]" });
    const response = evaluateExample(doc(rules), f!.example!);
    expect(matchedRules(response).sort()).toEqual(["allow-prod", "block-prod"]);
    expect(response.decision).toBe("BLOCK");
  });

  it("does not report different conditions with different decisions, or the same condition with the same decision", () => {
    const codes = (rules: PolicyRule[]) => analyzePolicy(doc(rules)).findings.map((f) => f.code);
    expect(codes([
      { id: "block-prod", when: prod, then: { decision: "BLOCK" } },
      { id: "allow-staging", when: { field: "context.env", op: "eq", value: "staging" }, then: { decision: "ALLOW" } },
    ])).toEqual([]);
    expect(codes([
      { id: "a", when: prod, then: { decision: "BLOCK" } },
      { id: "b", when: prod, then: { decision: "BLOCK" } },
    ])).toEqual(["shadowed"]);
  });
});
