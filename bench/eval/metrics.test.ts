import { describe, expect, it } from "vitest";
import { addCounts, matchSpans, median, prf, rateOf } from "./metrics.ts";

describe("matchSpans", () => {
  const gold = [
    { type: "EMAIL", start: 0, end: 10 },
    { type: "PHONE", start: 20, end: 30 },
  ];
  it("counts exact matches only when both ends agree and types match", () => {
    expect(matchSpans(gold, [{ type: "EMAIL", start: 0, end: 10 }, { type: "PHONE", start: 21, end: 30 }], "exact")).toEqual({ tp: 1, fp: 1, fn: 1 });
    expect(matchSpans(gold, [{ type: "PHONE", start: 0, end: 10 }], "exact")).toEqual({ tp: 0, fp: 1, fn: 2 });
  });
  it("counts overlap matches one-to-one", () => {
    const pred = [
      { type: "PHONE", start: 21, end: 25 },
      { type: "PHONE", start: 24, end: 29 },
    ];
    expect(matchSpans(gold, pred, "overlap")).toEqual({ tp: 1, fp: 1, fn: 1 });
  });
});

describe("prf", () => {
  it("computes precision, recall, F1 and nulls for empty denominators", () => {
    const r = prf({ tp: 8, fp: 2, fn: 2 });
    expect(r.precision).toBeCloseTo(0.8);
    expect(r.recall).toBeCloseTo(0.8);
    expect(r.f1).toBeCloseTo(0.8);
    expect(prf({ tp: 0, fp: 0, fn: 3 })).toEqual({ precision: null, recall: 0, f1: null });
    expect(prf({ tp: 0, fp: 2, fn: 0 })).toEqual({ precision: 0, recall: null, f1: null });
  });
  it("adds counts", () => {
    expect(addCounts({ tp: 1, fp: 2, fn: 3 }, { tp: 1, fp: 1, fn: 1 })).toEqual({ tp: 2, fp: 3, fn: 4 });
  });
});

describe("median and rateOf", () => {
  it("takes the middle value or the mean of the two middle values", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
  it("computes rates", () => {
    expect(rateOf(["a", "bb", "ccc"], (s) => s.length > 1)).toEqual({ hits: 2, total: 3, rate: 2 / 3 });
    expect(rateOf([], () => true)).toEqual({ hits: 0, total: 0, rate: 0 });
  });
});
