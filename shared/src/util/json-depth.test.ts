import { describe, expect, it } from "vitest";
import { firstTooDeep } from "./json-depth.ts";

describe("firstTooDeep", () => {
  it("returns the path of the first value nested too deep", () => {
    expect(firstTooDeep({ a: [[1]] }, 2)).toEqual(["a", 0]);
    expect(firstTooDeep({ a: [1], b: { c: {} } }, 2)).toEqual(["b", "c"]);
  });

  it("accepts values within the limit and primitives", () => {
    expect(firstTooDeep({ a: [1] }, 2)).toBeUndefined();
    expect(firstTooDeep("x", 0)).toBeUndefined();
  });

  it("handles very deep input iteratively", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(firstTooDeep(deep, 64)).toHaveLength(64);
  });
});
