import { describe, expect, it } from "vitest";
import { sizedTexts, timePerKb } from "./timing.ts";

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
  it("builds distinct texts of an exact size", () => {
    const texts = sizedTexts("hello world", 1024, 3);
    expect(texts.map((x) => x.length)).toEqual([1024, 1024, 1024]);
    expect(new Set(texts).size).toBe(3);
  });
});
