import { describe, expect, it } from "vitest";
import { fullBucket, rateLimitOf, rateLimitStatus, refill, takeToken, DEFAULT_RATE_LIMIT } from "./token-bucket.ts";

const limit = { capacity: 3, refill_per_s: 2 };

describe("token bucket", () => {
  it("takes one token per request until empty, then reports limited without going negative", () => {
    let bucket = fullBucket(limit, 1_000);
    const limited: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const step = takeToken(bucket, limit, 1_000);
      bucket = step.bucket;
      limited.push(step.limited);
    }
    expect(limited).toEqual([false, false, false, true, true]);
    expect(bucket.tokens).toBe(0);
  });

  it("refills at refill_per_s and never above capacity", () => {
    const empty = { tokens: 0, at: 0 };
    expect(refill(empty, limit, 500).tokens).toBeCloseTo(1);
    expect(refill(empty, limit, 60_000).tokens).toBe(3);
  });

  it("refills nothing when the clock goes backwards", () => {
    const bucket = { tokens: 1, at: 10_000 };
    expect(refill(bucket, limit, 5_000)).toEqual({ tokens: 1, at: 10_000 });
  });

  it("reports RateLimit header values: capacity, whole tokens left, seconds to full", () => {
    expect(rateLimitStatus({ tokens: 0.5, at: 0 }, limit)).toEqual({ limit: 3, remaining: 0, reset_s: 2 });
    expect(rateLimitStatus({ tokens: 3, at: 0 }, limit)).toEqual({ limit: 3, remaining: 3, reset_s: 0 });
  });

  it("reads limits.rate_limit from a policy document and falls back to 600 / 10 per s", () => {
    expect(rateLimitOf({ limits: { rate_limit: { capacity: 5, refill_per_s: 0.5 } } })).toEqual({ capacity: 5, refill_per_s: 0.5 });
    expect(rateLimitOf({})).toEqual(DEFAULT_RATE_LIMIT);
    expect(rateLimitOf(null)).toEqual(DEFAULT_RATE_LIMIT);
    expect(rateLimitOf({ limits: { rate_limit: { capacity: 0, refill_per_s: -1 } } })).toEqual(DEFAULT_RATE_LIMIT);
  });
});
