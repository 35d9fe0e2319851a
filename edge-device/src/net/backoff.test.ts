import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.ts";

describe("reconnect backoff: capped exponential with full jitter", () => {
  it("the ceiling doubles per attempt up to the cap", () => {
    const top = (n: number) => backoffDelay(n, 500, 30_000, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map(top)).toEqual([499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
  });

  it("delays are spread over [0, ceiling) (full jitter), never negative", () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(4, 500, 30_000));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(8000);
    const lowHalf = delays.filter((d) => d < 4000).length;
    expect(lowHalf).toBeGreaterThan(800);
    expect(lowHalf).toBeLessThan(1200);
  });
});
