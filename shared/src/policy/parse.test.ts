import { describe, expect, it } from "vitest";
import { PolicyError } from "./errors.ts";
import { MAX_POLICY_DEPTH, parsePolicy, validatePolicyDocument } from "./parse.ts";

const YAML_POLICY = `
version: 1
name: acme-default
description: Example from the DSL spec
default: { decision: ALLOW }
limits: { rate_limit: { capacity: 600, refill_per_s: 10 } }
rules:
  - id: block-destructive-sql
    description: No destructive SQL outside staging
    priority: 100
    law: 2
    severity: high
    when:
      all:
        - { field: action_type, op: in, value: [code_execution, tool_call] }
        - { finding: { type: DANGEROUS_CODE, subtype: destructive_sql, min_score: 0.7 } }
        - not: { field: context.environment, op: eq, value: staging }
    then:
      decision: BLOCK
      obligations: []
      reason: "Destructive SQL outside staging"
  - id: redact-pii
    when: { finding: { type: PII } }
    then: { decision: RESTRICT, obligations: [{ type: redact, findings: [PII, SECRET] }] }
  - id: risky
    when: { risk: { gte: 0.8 } }
    then: { decision: BLOCK }
`;

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof PolicyError) return [...error.issues];
    throw error;
  }
  throw new Error("expected a PolicyError");
}

const minimal = (rules: unknown[]) => ({ version: 1, name: "t", default: { decision: "ALLOW" }, rules });

describe("parsePolicy", () => {
  it("reads the YAML example from the DSL spec", () => {
    const doc = parsePolicy(YAML_POLICY);
    expect(doc.name).toBe("acme-default");
    expect(doc.rules.map((r) => r.id)).toEqual(["block-destructive-sql", "redact-pii", "risky"]);
    expect(doc.limits?.rate_limit).toEqual({ capacity: 600, refill_per_s: 10 });
    expect(doc.rules[0]?.when).toEqual({
      all: [
        { field: "action_type", op: "in", value: ["code_execution", "tool_call"] },
        { finding: { type: "DANGEROUS_CODE", subtype: "destructive_sql", min_score: 0.7 } },
        { not: { field: "context.environment", op: "eq", value: "staging" } },
      ],
    });
  });

  it("reads the same document from JSON and detects the format", () => {
    const fromYaml = parsePolicy(YAML_POLICY, "yaml");
    expect(parsePolicy(JSON.stringify(fromYaml))).toEqual(fromYaml);
    expect(parsePolicy(JSON.stringify(fromYaml), "json")).toEqual(fromYaml);
  });

  it("rejects unknown keys at any depth, with paths", () => {
    const issues = issuesOf(() =>
      validatePolicyDocument({
        ...minimal([{ id: "a", when: { all: [{ field: "action", op: "eq", value: "x", extra: 1 }] }, then: { decision: "BLOCK" } }]),
        colour: "blue",
      }),
    );
    expect(issues).toContainEqual({ path: "", message: 'Unrecognized key: "colour"' });
    expect(issues).toContainEqual({ path: "rules[0].when.all[0]", message: 'Unrecognized key: "extra"' });
  });

  it("lists every problem with its path", () => {
    const issues = issuesOf(() =>
      validatePolicyDocument(
        minimal([
          { id: "Bad Id", when: { all: [] }, then: { decision: "DENY" } },
          { id: "b", when: { field: "risk", op: "contains", value: "x" }, then: { decision: "BLOCK" } },
          { id: "c", when: { field: "colour", op: "eq", value: 1 }, then: { decision: "BLOCK" } },
          { id: "d", when: { finding: { type: "SECRET", subtype: "password" } }, then: { decision: "BLOCK" } },
          { id: "e", when: { field: "action", op: "matches", value: "(a)\\1" }, then: { decision: "BLOCK" } },
          { id: "f", when: { banana: 1 }, then: { decision: "BLOCK", obligations: [{ type: "log_only" }] } },
          { id: "b", when: { risk: {} }, then: { decision: "ALLOW" } },
        ]),
      ),
    );
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "rules[0].id",
        "rules[0].then.decision",
        "rules[1].when.value",
        "rules[2].when.field",
        "rules[3].when.finding.subtype",
        "rules[4].when.value",
        "rules[5].when",
        "rules[5].then.obligations",
        "rules[6].id",
        "rules[6].when.risk",
      ]),
    );
    const text = issues.map((i) => `${i.path}: ${i.message}`).join("\n");
    expect(text).toContain("contains cannot apply to a number field");
    expect(text).toContain("rules[2].when.field: unknown field (expected");
    expect(text).not.toContain("colour"); // messages never quote the policy's values
    expect(text).toContain("unknown subtype for SECRET");
    expect(text).not.toContain("password");
    expect(text).toContain("not a linear-time regular expression");
    expect(text).toContain("obligations apply only to RESTRICT");
    expect(text).toContain("duplicate rule id b");
  });

  it("checks operator values against the field kind", () => {
    const bad = [
      { field: "action_type", op: "eq", value: 3 },
      { field: "action", op: "gt", value: 3 },
      { field: "agent.requests", op: "gte", value: "3" },
      { field: "action_type", op: "in", value: [] },
      { field: "context.x", op: "exists", value: "yes" },
      { field: "agent.decisions.DENY", op: "gte", value: 1 },
      { field: "context..x", op: "exists" },
    ];
    for (const when of bad) {
      expect(() => validatePolicyDocument(minimal([{ id: "r", when, then: { decision: "BLOCK" } }]))).toThrow(PolicyError);
    }
    const good = [
      { field: "context.x", op: "eq", value: null },
      { field: "context.tags", op: "contains", value: "pci" },
      { field: "agent.decisions.BLOCK", op: "gte", value: 5 },
      { field: "tool.arguments.query.0", op: "exists" },
      { field: "stated_intent", op: "starts_with", value: "debug" },
    ];
    for (const when of good) {
      expect(() => validatePolicyDocument(minimal([{ id: "r", when, then: { decision: "BLOCK" } }]))).not.toThrow();
    }
  });

  it("reserves law. rule ids for the law pack", () => {
    const issues = issuesOf(() => validatePolicyDocument(minimal([{ id: "law.21.x", when: { all: [] }, then: { decision: "BLOCK" } }])));
    expect(issues[0]?.message).toContain("reserved");
  });

  it("gives clear errors for malformed text", () => {
    expect(issuesOf(() => parsePolicy("{ not json"))[0]?.message).toMatch(/^invalid JSON/);
    expect(issuesOf(() => parsePolicy("a: [1, 2\nb: {"))[0]?.message).toMatch(/^invalid YAML/);
    expect(issuesOf(() => parsePolicy("a: 1\na: 2\n"))[0]?.message).toMatch(/^invalid YAML/);
    expect(issuesOf(() => parsePolicy("just a string"))[0]?.message).toContain("expected object");
  });

  it("rejects absurd nesting instead of overflowing the stack", () => {
    let when: unknown = { field: "action", op: "exists" };
    for (let i = 0; i < 5000; i++) when = { not: when };
    const issues = issuesOf(() => validatePolicyDocument(minimal([{ id: "deep", when, then: { decision: "BLOCK" } }])));
    expect(issues[0]?.message).toBe(`nested deeper than ${MAX_POLICY_DEPTH} levels`);
    expect(issues[0]?.path).toMatch(/^rules\[0\]\.when\.not\.not/);
  });

  it("formats the error message with one line per issue", () => {
    try {
      validatePolicyDocument({ version: 2, name: "", default: { decision: "ALLOW" }, rules: [] });
    } catch (error) {
      expect((error as Error).message).toMatch(/^Invalid policy:\n {2}version: .*\n {2}name: /);
      return;
    }
    throw new Error("expected a PolicyError");
  });
});
