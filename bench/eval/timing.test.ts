import { describe, expect, it } from "vitest";
import { sizedTexts, timeInRounds, timePerKb } from "./timing.ts";

describe("timing helpers", () => {
  it("calls the function for every text on every repeat and reports corpus size", () => {
    let calls = 0;
    const t = timePerKb(["a".repeat(1024), "b".repeat(512)], () => calls++, 4, 2);
    expect(calls).toBe(2 * (4 + 2));
    expect(t).toMatchObject({ repeats: 4, texts: 2, kb: 1.5 });
    expect(t.us_per_kb_min).toBeLessThanOrEqual(t.us_per_kb_median);
  });
  it("rejects an empty corpus", () => {
    expect(() => timePerKb([], () => 0)).toThrow(/empty/);
  });
  it("times functions in alternating rounds and reports the median of the round medians", () => {
    const order: string[] = [];
    const t = timeInRounds(["a".repeat(2048)], { first: () => order.push("first"), second: () => order.push("second") }, 3, 2, 1);
    // per round: first's warm-up and repeats, then second's; three rounds
    expect(order).toEqual(Array.from({ length: 3 }, () => [...Array(3).fill("first"), ...Array(3).fill("second")]).flat());
    for (const name of ["first", "second"] as const) {
      const r = t[name];
      expect(r.round_medians).toHaveLength(3);
      expect(r.us_per_kb_median).toBe([...r.round_medians].sort((a, b) => a - b)[1]);
      expect(r.us_per_kb_min).toBeLessThanOrEqual(Math.min(...r.round_medians));
    }
    expect(() => timeInRounds(["a"], { f: () => 0 }, 0)).toThrow(/rounds/);
  });
  it("builds distinct texts of an exact size", () => {
    const texts = sizedTexts("hello world", 1024, 3);
    expect(texts.map((x) => x.length)).toEqual([1024, 1024, 1024]);
    expect(new Set(texts).size).toBe(3);
  });
});
