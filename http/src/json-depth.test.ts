import { describe, expect, it } from "vitest";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "./json-depth.ts";

describe("exceedsJsonDepth", () => {
  it("accepts documents up to the limit and refuses one level more", () => {
    const nested = (n: number) => "[".repeat(n) + "]".repeat(n);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it("counts objects and arrays alike", () => {
    expect(exceedsJsonDepth('{"a":{"b":[{"c":1}]}}', 3)).toBe(true);
    expect(exceedsJsonDepth('{"a":{"b":[{"c":1}]}}', 4)).toBe(false);
  });

  it("ignores brackets inside strings, including after escaped quotes", () => {
    expect(exceedsJsonDepth('{"a":"[[[[[[{{{{"}', 1)).toBe(false);
    expect(exceedsJsonDepth('{"a":"\\"[[[[[[\\""}', 1)).toBe(false);
    expect(exceedsJsonDepth('{"a":"\\\\"}', 1)).toBe(false);
  });

  it("refuses a hostile million-deep document without parsing it", () => {
    expect(exceedsJsonDepth("[".repeat(1_000_000))).toBe(true);
  });
});
