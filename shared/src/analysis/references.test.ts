import { describe, expect, it } from "vitest";
import { defaultPolicy } from "../policy/default-policy.ts";
import { analyzePolicy } from "./analyze.ts";

const base = { version: 1, name: "p", default: { decision: "ALLOW" } };
const withRule = (when: unknown, then: unknown = { decision: "BLOCK" }) => ({ ...base, rules: [{ id: "r", when, then }] });
const only = (value: unknown) => analyzePolicy(value).findings.map((f) => [f.severity, f.code, f.path]);

describe("unknown references and unsafe regexes", () => {
  it("reports an unknown field, once (not also as a schema error)", () => {
    expect(only(withRule({ field: "contxt.env", op: "eq", value: "prod" }))).toEqual([["error", "unknown-field", "rules[0].when.field"]]);
    expect(only(withRule({ field: "agent.decisions.DENY", op: "gt", value: 1 }))).toEqual([["error", "unknown-field", "rules[0].when.field"]]);
  });

  it("reports unknown finding types in conditions and redact obligations, and unknown subtypes", () => {
    expect(only(withRule({ all: [{ finding: { type: "SECRETS" } }] }))).toEqual([["error", "unknown-finding-type", "rules[0].when.all[0].finding.type"]]);
    expect(only(withRule({ finding: { type: "SECRET", subtype: "aws_key" } }))).toEqual([["error", "unknown-subtype", "rules[0].when.finding.subtype"]]);
    expect(only(withRule({ finding: { type: "US_SSN", subtype: "x" } }))).toEqual([["error", "unknown-subtype", "rules[0].when.finding.subtype"]]);
    expect(only(withRule({ all: [] }, { decision: "RESTRICT", obligations: [{ type: "redact", findings: ["PII", "PASSWORD"] }] }))).toEqual([
      ["error", "unknown-finding-type", "rules[0].then.obligations[0].findings[1]"],
    ]);
  });

  it("rejects regexes with no linear-time match or that do not compile, and accepts the rest", () => {
    for (const pattern of ["(x)\\1", "(?=x)y", "(?<!x)y", "[unclosed"]) {
      expect(only(withRule({ not: { field: "action", op: "matches", value: pattern } }))).toEqual([["error", "unsafe-regex", "rules[0].when.not.value"]]);
    }
    for (const pattern of ["^rm\\s+-rf\\b", "(a+)+$", ".*a.*a.*a.*b"]) {
      expect(only(withRule({ field: "action", op: "matches", value: pattern }))).toEqual([]);
    }
  });

  it("warns about action types outside the known list without failing the policy", () => {
    const report = analyzePolicy(withRule({ field: "action_type", op: "in", value: ["message", "code_exec"] }));
    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([expect.objectContaining({ severity: "warning", code: "unknown-action-type", path: "rules[0].when.value" })]);
  });

  it("still reports schema errors, with the rule they are in, alongside the semantic checks of valid rules", () => {
    const report = analyzePolicy({
      ...base,
      rules: [
        { id: "bad", when: { field: "action", op: "gt", value: "x" }, then: { decision: "DENY" } },
        { id: "dead", when: { any: [] }, then: { decision: "BLOCK" } },
        { id: "dead", when: { all: [] }, then: { decision: "BLOCK" } },
      ],
    });
    expect(report.ok).toBe(false);
    const codes = report.findings.map((f) => [f.code, f.rules[0], f.path]);
    expect(codes).toContainEqual(["schema", "bad", "rules[0].when.value"]);
    expect(codes).toContainEqual(["schema", "bad", "rules[0].then.decision"]);
    expect(codes).toContainEqual(["schema", "dead", "rules[2].id"]);
    expect(codes).toContainEqual(["unreachable", "dead", "rules[1].when"]);
  });

  it("handles any input without throwing: text, garbage, wrong versions, deep nesting", () => {
    expect(analyzePolicy("version: 1\nname: p\ndefault: { decision: ALLOW }\nrules: []\n").ok).toBe(true);
    expect(analyzePolicy("{ not json").findings[0]).toMatchObject({ code: "schema", severity: "error" });
    for (const value of [null, 42, [], { version: 2 }, { ...base, rules: "x" }]) expect(analyzePolicy(value).ok).toBe(false);
    let deep: unknown = { field: "action", op: "eq", value: "x" };
    for (let i = 0; i < 200; i++) deep = { not: deep };
    expect(analyzePolicy(withRule(deep)).ok).toBe(false);
  });

  it("finds nothing wrong with the default tenant policy", () => {
    expect(analyzePolicy(defaultPolicy())).toEqual({ ok: true, findings: [] });
  });
});
