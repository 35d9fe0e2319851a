import { describe, expect, it } from "vitest";
import type { Finding } from "../schemas/finding.ts";
import { corroborate, MAX_MATCHES_PER_RULE, registerRules, scanRules } from "./rules.ts";

// Rules register their trigger stems at module load (the trigger table is sealed by the first scan).
const SPAN_RULES = registerRules([
  { subtype: "a", re: /\bzqdrop\s+table\b/gi, score: 0.9, talk: "full" as const, triggers: ["zqdrop"] },
  { subtype: "b", re: /\bzqkey=(\w+)/dg, score: 0.8, talk: "none" as const, group: 1 },
]);
const GATED_RULES = registerRules([{ subtype: "a", re: /zqx/g, score: 0.9, talk: "none" as const, triggers: ["zqneverhere"] }]);

describe("scanRules", () => {
  it("reports spans (or a capture group's span) with talk-about applied", () => {
    const rules = SPAN_RULES;
    const out: Finding[] = [];
    scanRules({ text: "zqdrop table x; zqkey=abc" }, "DANGEROUS_CODE", "t", rules, out);
    expect(out.map((f) => [f.subtype, f.start, f.end, f.score])).toEqual([
      ["a", 0, 12, 0.9],
      ["b", 22, 25, 0.8],
    ]);
    const talk: Finding[] = [];
    scanRules({ text: "What does zqdrop table do?" }, "DANGEROUS_CODE", "t", rules, talk);
    expect(talk[0]?.score).toBeLessThanOrEqual(0.3);
  });

  it("skips a rule whose trigger stems do not occur", () => {
    const out: Finding[] = [];
    scanRules({ text: "zqx" }, "SECRET", "t", GATED_RULES, out);
    expect(out).toEqual([]);
    scanRules({ text: "zqx", gating: false }, "SECRET", "t", GATED_RULES, out);
    expect(out.map((f) => f.subtype)).toEqual(["a"]); // ungated, the rule runs
  });

  it("caps matches per rule", () => {
    const out: Finding[] = [];
    scanRules({ text: "zq ".repeat(500) }, "SECRET", "t", [{ subtype: "a", re: /zq/g, score: 0.9, talk: "none" }], out);
    expect(out.length).toBe(MAX_MATCHES_PER_RULE);
  });
});

describe("corroborate", () => {
  const f = (subtype: string, score: number): Finding => ({ type: "JAILBREAK", subtype, start: 0, end: 1, score, detector: "t" });

  it("raises weak cues when a strong cue corroborates them", () => {
    const fs = [f("roleplay", 0.4), f("dan", 0.8)];
    corroborate(fs, () => "all");
    expect(fs.map((x) => x.score)).toEqual([0.88, 0.88]);
  });
  it("raises three distinct weak cues, but not two, and never talked-about ones", () => {
    const three = [f("a", 0.4), f("b", 0.45), f("c", 0.35), f("d", 0.2)];
    corroborate(three, () => "all");
    expect(three.map((x) => x.score)).toEqual([0.79, 0.79, 0.79, 0.2]);
    const two = [f("a", 0.4), f("b", 0.45)];
    corroborate(two, () => "all");
    expect(two.map((x) => x.score)).toEqual([0.4, 0.45]);
  });
  it("counts repeated matches of one cue once and keeps groups apart", () => {
    const fs = [f("a", 0.45), f("a", 0.45), { ...f("x", 0.8), subtype: "x" }];
    corroborate(fs, (x) => (x.subtype === "x" ? "g1" : "g2"));
    expect(fs.map((x) => x.score)).toEqual([0.45, 0.45, 0.8]);
  });
});
