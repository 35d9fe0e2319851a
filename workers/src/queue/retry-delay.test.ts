import { describe, expect, it } from "vitest";
import { MAX_RETRY_DELAY_S, retryDelaySeconds } from "./retry-delay.ts";

describe("audit retry backoff", () => {
  it("doubles from one second and stops at a minute", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(retryDelaySeconds)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it("keeps the ten attempts before dead-lettering within a few minutes", () => {
    const total = Array.from({ length: 10 }, (_, i) => retryDelaySeconds(i + 1)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(120);
    expect(total).toBeLessThanOrEqual(10 * MAX_RETRY_DELAY_S);
  });

  it("treats a nonsense attempt count as the first", () => {
    expect(retryDelaySeconds(0)).toBe(1);
    expect(retryDelaySeconds(Number.NaN)).toBe(1);
  });
});
