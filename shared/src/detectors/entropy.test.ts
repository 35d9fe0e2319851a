import { describe, expect, it } from "vitest";
import { shannonEntropy } from "./entropy.ts";

describe("shannonEntropy", () => {
  it("is 0 for empty and constant strings and log2(n) for n distinct symbols", () => {
    expect(shannonEntropy("")).toBe(0);
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(shannonEntropy("abcdefgh")).toBe(3);
  });
  it("ranks random keys above words", () => {
    expect(shannonEntropy("q8Zr2LxN0vTy7KpW")).toBeGreaterThan(3.5);
    expect(shannonEntropy("passwordpassword")).toBeLessThan(3);
  });
});
