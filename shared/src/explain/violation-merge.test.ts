/**
 * One violation per finding (issue 10, part 8): a finding flagged by the law pack and by tenant rules appears
 * once with every rule in `rules`; repeated matches of the same finding in the same field are merged.
 */
import { describe, expect, it } from "vitest";
import { LAW_RULES } from "../laws/law-rules.ts";
import type { Finding } from "../schemas/finding.ts";
import { ViolationSchema } from "../schemas/response.ts";
import { ViolationSet } from "./violations.ts";

const law = (id: string) => {
  const r = LAW_RULES.find((x) => x.id === id);
  if (r === undefined) throw new Error(`${id} missing`);
  return r;
};
const shell = (start: number, end: number, score = 0.95): Finding => ({ type: "DANGEROUS_CODE", subtype: "reverse_shell", start, end, score, detector: "dangerous_code" });

describe("ViolationSet", () => {
  it("merges a law-pack finding and the tenant rule that has it as evidence into one violation with both rules", () => {
    const set = new ViolationSet();
    const f = shell(0, 20);
    set.addLaw(law("law.22.reverse_shell"), f);
    set.addRule("block-dangerous-code", 2, "high", f);
    const list = set.build();
    expect(list).toEqual([
      {
        id: "law.22.reverse_shell@action:0-20", law: 22, category: "dangerous_code", detector: "dangerous_code", rule: "law.22.reverse_shell",
        rules: ["law.22.reverse_shell", "block-dangerous-code"], finding_type: "DANGEROUS_CODE", subtype: "reverse_shell", severity: "critical",
        confidence: 0.95, span: { start: 0, end: 20 },
      },
    ]);
    expect(set.laws()).toEqual([2, 22]);
    for (const v of list) expect(ViolationSchema.safeParse(v).success).toBe(true);
  });

  it("merges overlapping matches of the same finding into one span, and lists separate places in spans", () => {
    const set = new ViolationSet();
    set.addLaw(law("law.22.reverse_shell"), shell(0, 20));
    set.addLaw(law("law.22.reverse_shell"), shell(11, 33, 0.85));
    set.addLaw(law("law.22.reverse_shell"), shell(50, 60, 0.85));
    const [v, more] = set.build();
    expect(more).toBeUndefined();
    expect(v).toMatchObject({ id: "law.22.reverse_shell@action:0-33", span: { start: 0, end: 33 }, spans: [{ start: 0, end: 33 }, { start: 50, end: 60 }], confidence: 0.95, rules: ["law.22.reverse_shell"] });
  });

  it("keeps different subtypes, types and fields apart", () => {
    const set = new ViolationSet();
    set.addLaw(law("law.22.reverse_shell"), shell(0, 20));
    set.addLaw(law("law.22.reverse_shell"), { ...shell(0, 20), field: "tool.arguments.cmd" });
    set.addLaw(law("law.22.credential_read"), { ...shell(0, 20), subtype: "credential_read" });
    set.addLaw(law("law.22.pii.ip-address.outbound"), { type: "IP_ADDRESS", start: 5, end: 12, score: 0.9, detector: "pii" });
    expect(set.build()).toHaveLength(4);
  });

  it("keeps a tenant rule without evidence, agent state and a tenant-only finding as their own violations", () => {
    const set = new ViolationSet();
    set.addRule("no-prod", 5, "high", undefined);
    set.addState({ id: "law.5.rate-limit", law: 5, severity: "medium", decision: "BLOCK" }, "rate_limit");
    set.addRule("block-prompt-injection", 2, "high", { type: "PROMPT_INJECTION", subtype: "instruction_override", start: 0, end: 9, score: 0.75, detector: "injection" });
    set.addRule("also-injection", 18, "critical", { type: "PROMPT_INJECTION", subtype: "instruction_override", start: 0, end: 9, score: 0.75, detector: "injection" });
    const list = set.build();
    expect(list.map((v) => v.id).sort()).toEqual(["block-prompt-injection@action:0-9", "law.5.rate-limit", "no-prod"]);
    expect(list.find((v) => v.finding_type === "PROMPT_INJECTION")).toMatchObject({ category: "policy", rule: "block-prompt-injection", rules: ["block-prompt-injection", "also-injection"], severity: "critical" });
    expect(set.laws()).toEqual([2, 5, 18]);
  });

  it("attributes a tenant rule to every law-pack violation whose finding it covers, without new violations", () => {
    const set = new ViolationSet();
    const dan = { type: "JAILBREAK" as const, subtype: "dan", start: 40, end: 43, score: 0.95, detector: "injection" };
    const dev = { ...dan, subtype: "developer_mode", start: 80, end: 95 };
    const weak = { ...dan, subtype: "hypothetical_bypass", start: 100, end: 110, score: 0.72 };
    set.addLaw(law("law.5.jailbreak"), dan);
    set.addLaw(law("law.5.jailbreak"), dev);
    set.addRule("block-jailbreak", 5, "high", dan, [dan, dev, weak]);
    const list = set.build();
    expect(list).toHaveLength(2);
    for (const v of list) expect(v.rules).toEqual(["law.5.jailbreak", "block-jailbreak"]);
  });

    it("names the violation after the law-pack rule with the strongest decision", () => {
    const set = new ViolationSet();
    set.addLaw(law("law.2.dangerous-code.sandbox"), { ...shell(0, 5, 0.6), subtype: "credential_read" });
    set.addLaw(law("law.22.credential_read"), { ...shell(10, 20, 0.9), subtype: "credential_read" });
    const [v] = set.build();
    expect(v).toMatchObject({ rule: "law.22.credential_read", law: 22, rules: ["law.2.dangerous-code.sandbox", "law.22.credential_read"], id: "law.22.credential_read@action:0-5" });
  });
});
