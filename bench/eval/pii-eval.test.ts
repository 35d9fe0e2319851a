import { describe, expect, it } from "vitest";
import type { Finding } from "@nethical/core/schemas/finding.ts";
import { evaluatePii } from "./pii-eval.ts";

const f = (type: Finding["type"], start: number, end: number): Finding => ({ type, start, end, score: 0.9, detector: "t" });

describe("evaluatePii", () => {
  const samples = [
    { text: "x", spans: [{ type: "EMAIL_ADDRESS", start: 0, end: 6 }, { type: "PERSON", start: 10, end: 14 }] },
    { text: "y", spans: [{ type: "DATE_TIME", start: 3, end: 13 }, { type: "DATE_TIME", start: 20, end: 30 }] },
  ];
  const detect = (text: string): Finding[] => (text === "x" ? [f("EMAIL_ADDRESS", 0, 5), f("US_SSN", 40, 51)] : [f("DATE_OF_BIRTH", 3, 13)]);
  const rows = Object.fromEntries(evaluatePii(samples, detect).map((r) => [r.label, r]));

  it("scores exact and overlap separately", () => {
    expect(rows.EMAIL_ADDRESS?.exact).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(rows.EMAIL_ADDRESS?.overlap).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 1 });
  });
  it("lists undetected Presidio types honestly with recall 0", () => {
    expect(rows.PERSON).toMatchObject({ detected_as: null, gold: 1, predicted: 0 });
    expect(rows.PERSON?.exact.recall).toBe(0);
    expect(rows.PERSON?.note).toMatch(/not detected/);
  });
  it("scores DATE_OF_BIRTH against DATE_TIME and counts predictions without gold as false positives", () => {
    expect(rows.DATE_TIME?.exact).toMatchObject({ tp: 1, fp: 0, fn: 1, recall: 0.5 });
    expect(rows.US_SSN).toMatchObject({ gold: 0, predicted: 1 });
    expect(rows.US_SSN?.exact.precision).toBe(0);
  });
});
