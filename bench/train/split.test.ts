import { describe, expect, it } from "vitest";
import { labelledData } from "./labelled.ts";
import { foldOf, splitOf } from "./split.ts";

describe("documented train/eval split", () => {
  it("puts a text in the same split every time and about 70% in train", () => {
    const data = labelledData();
    for (const l of data.slice(0, 50)) expect(splitOf(l.text)).toBe(l.split);
    const share = data.filter((l) => l.split === "train").length / data.length;
    expect(share).toBeGreaterThan(0.63);
    expect(share).toBeLessThan(0.77);
  });

  it("never has a text in both splits (texts are de-duplicated)", () => {
    const data = labelledData();
    expect(new Set(data.map((l) => l.text)).size).toBe(data.length);
  });

  it("folds are in range and reject a bad k", () => {
    expect(foldOf("abc", 5)).toBeGreaterThanOrEqual(0);
    expect(foldOf("abc", 5)).toBeLessThan(5);
    expect(() => foldOf("abc", 0)).toThrow(/positive integer/);
  });
});
