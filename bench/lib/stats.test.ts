import { describe, expect, it } from "vitest";
import { median, percentile, round } from "./stats.ts";

describe("percentile", () => {
  it("uses nearest rank", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile(xs, 0)).toBe(1);
  });
  it("rejects empty input and bad p", () => {
    expect(() => percentile([], 50)).toThrow(/no samples/);
    expect(() => percentile([1], 101)).toThrow(/0..100/);
  });
  it("medians and rounds", () => {
    expect(median([4, 1, 9, 7])).toBe(4);
    expect(round(3.14159, 2)).toBe(3.14);
  });
});
