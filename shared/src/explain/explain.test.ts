import { describe, expect, it } from "vitest";
import type { Finding } from "../schemas/finding.ts";
import { ViolationSchema, type Violation } from "../schemas/response.ts";
import { LAW_RULES } from "../laws/law-rules.ts";
import { orderDecidedBy, strongestOf, type Contribution } from "./decided-by.ts";
import { summarize } from "./summary.ts";
import { categoryFor, lawViolation, ruleViolation, sortViolations, stateViolation } from "./violations.ts";

const secret: Finding = { type: "SECRET", subtype: "aws_access_key", start: 10, end: 30, score: 0.97, detector: "secrets" };
const ssnInArgs: Finding = { type: "US_SSN", start: 5, end: 16, score: 0.9, detector: "pii", field: "tool.arguments.note" };
const secretRule = LAW_RULES.find((r) => r.id === "law.22.secret");

describe("violations", () => {
  it("describe a law-pack finding with type, span, field and confidence", () => {
    if (secretRule === undefined) throw new Error("law.22.secret missing");
    const v = lawViolation(secretRule, secret);
    expect(v).toEqual({
      id: "law.22.secret@action:10-30",
      law: 22,
      category: "secret_exposure",
      detector: "secrets",
      rule: "law.22.secret",
      finding_type: "SECRET",
      subtype: "aws_access_key",
      severity: "high",
      confidence: 0.97,
      span: { start: 10, end: 30 },
    });
    expect(lawViolation(secretRule, ssnInArgs)).toMatchObject({ id: "law.22.secret@tool.arguments.note:5-16", field: "tool.arguments.note" });
  });

  // @req CTL-explanations
  it("describe tenant rules and agent state, and all validate against the schema", () => {
    const list = [
      ruleViolation("no-prod", 5, "high", undefined),
      ruleViolation("block-sql", 2, "high", secret),
      stateViolation({ id: "law.5.rate-limit", law: 5, severity: "medium" }, "rate_limit"),
    ];
    expect(list[0]).toEqual({ id: "no-prod", law: 5, category: "policy", rule: "no-prod", severity: "high", confidence: 1 });
    expect(list[1]).toMatchObject({ category: "policy", span: { start: 10, end: 30 }, confidence: 0.97 });
    for (const v of list) expect(ViolationSchema.safeParse(v).success).toBe(true);
  });

  it("sort by severity, law, field, span, id", () => {
    const mk = (id: string, severity: Violation["severity"], law: number, start?: number, field?: string): Violation => ({
      id, law, category: "c", severity, confidence: 1, ...(start === undefined ? {} : { span: { start, end: start + 1 } }), ...(field === undefined ? {} : { field }),
    });
    const sorted = sortViolations([mk("e", "low", 1), mk("d", "high", 22, 5, "stated_intent"), mk("c", "high", 22, 9), mk("b", "high", 22, 2), mk("a", "critical", 30)]);
    expect(sorted.map((v) => v.id)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("categorise finding types", () => {
    expect(categoryFor("EMAIL_ADDRESS")).toBe("privacy");
    expect(categoryFor("DANGEROUS_CODE")).toBe("dangerous_code");
  });
});

describe("decided_by", () => {
  const c = (kind: Contribution["kind"], id: string, decision: Contribution["decision"], priority = 0, order = 0, count?: number): Contribution => ({
    kind, id, decision, reason: `r-${id}`, priority, order, ...(count === undefined ? {} : { count }),
  });

  it("orders strongest first, then agent state, law, rule, default, then priority and order", () => {
    const ordered = orderDecidedBy([
      c("default", "default", "ALLOW"),
      c("rule", "low-prio", "BLOCK", 1, 0),
      c("rule", "high-prio", "BLOCK", 50, 3),
      c("law", "law.22.secret", "RESTRICT", 0, 0, 3),
      c("law", "law.2.disk_wipe", "BLOCK", 0, 1),
      c("agent_state", "law.7.sticky-terminate", "TERMINATE"),
    ]);
    expect(ordered.map((d) => d.id)).toEqual(["law.7.sticky-terminate", "law.2.disk_wipe", "high-prio", "low-prio", "law.22.secret", "default"]);
    expect(ordered[4]).toEqual({ kind: "law", id: "law.22.secret", decision: "RESTRICT", reason: "r-law.22.secret (3 findings)" });
    expect(strongestOf(ordered)).toBe("TERMINATE");
    expect(strongestOf([])).toBe("ALLOW");
  });
});

describe("summarize", () => {
  it("names the decider, the other contributors and the findings by type and span only", () => {
    if (secretRule === undefined) throw new Error("law.22.secret missing");
    const text = summarize(
      "RESTRICT",
      [
        { kind: "law", id: "law.22.secret", decision: "RESTRICT", reason: "Secret must be redacted" },
        { kind: "rule", id: "redact", decision: "RESTRICT", reason: "Redact" },
        { kind: "default", id: "default", decision: "ALLOW", reason: "No rule matched" },
      ],
      [lawViolation(secretRule, secret), lawViolation(secretRule, ssnInArgs)],
      0.61,
    );
    expect(text).toBe(
      "RESTRICT by law 22 (Protection of Digital Assets and Privacy) via law.22.secret: Secret must be redacted (+1 more with the same decision). " +
        "Findings: SECRET/aws_access_key at action[10,30]; US_SSN at tool.arguments.note[5,16]. Risk 0.61.",
    );
  });

  it("caps the findings listed", () => {
    if (secretRule === undefined) throw new Error("law.22.secret missing");
    const many = Array.from({ length: 8 }, (_, i) => lawViolation(secretRule, { ...secret, start: i * 10, end: i * 10 + 5 }));
    expect(summarize("RESTRICT", [], many, 0.5)).toContain("; +3 more.");
  });
});
