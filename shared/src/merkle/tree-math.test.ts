import { describe, expect, it } from "vitest";
import { floorLog2, isPowerOfTwo, isTreeSize, largestPowerOfTwoBelow, trailingZeros } from "./tree-math.ts";

describe("tree math beyond 32 bits", () => {
  it("finds the split point k < n", () => {
    expect([2, 3, 4, 5, 8, 9].map(largestPowerOfTwoBelow)).toEqual([1, 2, 2, 4, 4, 8]);
    expect(largestPowerOfTwoBelow(2 ** 40 + 1)).toBe(2 ** 40);
    expect(largestPowerOfTwoBelow(2 ** 40)).toBe(2 ** 39);
    expect(() => largestPowerOfTwoBelow(1)).toThrow(RangeError);
  });

  it("counts trailing zeros and floor(log2) where 32-bit operators would overflow", () => {
    expect(trailingZeros(12)).toBe(2);
    expect(trailingZeros(2 ** 45 * 3)).toBe(45);
    expect(floorLog2(1)).toBe(0);
    expect(floorLog2(13)).toBe(3);
    expect(floorLog2(2 ** 52)).toBe(52);
    expect(floorLog2(Number.MAX_SAFE_INTEGER)).toBe(52);
    expect(() => trailingZeros(0)).toThrow(RangeError);
    expect(() => floorLog2(0)).toThrow(RangeError);
  });

  it("recognises powers of two and valid sizes", () => {
    expect([1, 2, 64, 2 ** 50].every(isPowerOfTwo)).toBe(true);
    expect([0, 3, 6, 2 ** 50 + 2, -4, 0.5].some(isPowerOfTwo)).toBe(false);
    expect(isTreeSize(0)).toBe(true);
    expect([-1, 1.5, Number.NaN, 2 ** 64, "3"].some(isTreeSize)).toBe(false);
  });
});
