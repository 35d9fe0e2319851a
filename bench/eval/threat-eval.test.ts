import { describe, expect, it } from "vitest";
import type { Finding } from "@nethical/core/schemas/finding.ts";
import { flagged, flagRate, GROUPS } from "./threat-eval.ts";

const jb = (score: number): Finding => ({ type: "JAILBREAK", start: 0, end: 1, score, detector: "t" });

describe("threat evaluation", () => {
  it("flags only listed types at or above the threshold", () => {
    expect(flagged([jb(0.5)], GROUPS.injection, 0.5)).toBe(true);
    expect(flagged([jb(0.49)], GROUPS.injection, 0.5)).toBe(false);
    expect(flagged([jb(0.9)], GROUPS.harmful, 0.5)).toBe(false);
  });
  it("computes rates and keeps examples of misses or hits", () => {
    const prompts = [{ text: "attack one", group: "" }, { text: "benign", group: "" }, { text: "attack two", group: "" }];
    const detect = (t: string): Finding[] => (t.startsWith("attack") ? [jb(0.9)] : []);
    const misses = flagRate(prompts, detect, GROUPS.injection, 0.5, "misses");
    expect(misses).toMatchObject({ hits: 2, total: 3, examples: ["benign"] });
    expect(flagRate(prompts, detect, GROUPS.injection, 0.5, "hits", 1).examples).toEqual(["attack one"]);
  });
});
