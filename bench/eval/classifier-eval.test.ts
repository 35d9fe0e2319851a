import { describe, expect, it } from "vitest";
import { runDetectors } from "@nethical/core/detectors/run.ts";
import { labelledData } from "../train/labelled.ts";
import { recallAtFpr } from "./classifier-eval.ts";
import { GROUPS } from "./threat-eval.ts";

const attack = (t: string, keep: (d: string) => boolean) =>
  runDetectors({ text: t, action_type: "query" }).some((f) => keep(f.detector) && f.score >= 0.7 && (GROUPS.interpreter as readonly string[]).includes(f.type));

describe("classifier on the eval split (never seen in training)", () => {
  const ev = labelledData().filter((l) => l.split === "eval");
  const attacks = ev.filter((l) => l.labels.includes(1));
  const benign = ev.filter((l) => l.source === "xstest_safe" || l.source === "mitre_benign");

  it("catches attacks the rules miss without new false positives on the benign eval texts", () => {
    const rulesMiss = attacks.filter((l) => !attack(l.text, (d) => d !== "classifier"));
    const caught = rulesMiss.filter((l) => attack(l.text, () => true));
    expect(caught.length).toBeGreaterThan(0);
    const fpRules = benign.filter((l) => attack(l.text, (d) => d !== "classifier")).length;
    const fpBoth = benign.filter((l) => attack(l.text, () => true)).length;
    expect(fpBoth).toBe(fpRules);
  });
});

describe("recallAtFpr", () => {
  it("reads recall at the threshold chosen on the negatives", () => {
    expect(recallAtFpr([0.9, 0.2], [0.1, 0.3], 0)).toBe(0.5);
    expect(recallAtFpr([0.9, 0.35], [0.1, 0.3], 0)).toBe(1);
  });
});
