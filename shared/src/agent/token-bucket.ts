/**
 * The AgentState token bucket: `capacity` tokens, refilled continuously at `refillPerS`; each request
 * takes one. Pure functions over a plain value, so the Durable Object can persist it as two columns.
 */

/** Defaults when the policy sets no `limits.rate_limit`. */
export const DEFAULT_RATE_LIMIT = { capacity: 600, refill_per_s: 10 } as const;

/** A bucket's rate-limit parameters (capacity ≥ 1, refill_per_s > 0). */
export interface RateLimit {
  capacity: number;
  refill_per_s: number;
}

/** Tokens left and when (ms since epoch) that was computed. */
export interface Bucket {
  tokens: number;
  at: number;
}

/** What the RateLimit headers say after a request. */
export interface RateLimitStatus {
  /** `RateLimit-Limit`: the bucket's capacity. */
  limit: number;
  /** `RateLimit-Remaining`: whole tokens left. */
  remaining: number;
  /** `RateLimit-Reset`: seconds until the bucket is full again. */
  reset_s: number;
}

/**
 * A full bucket at `now`.
 *
 * @example
 * fullBucket({ capacity: 5, refill_per_s: 1 }, 0); // { tokens: 5, at: 0 }
 */
export function fullBucket(limit: RateLimit, now: number): Bucket {
  return { tokens: limit.capacity, at: now };
}

/**
 * The bucket refilled up to `now` (a clock that goes backwards refills nothing), capped at capacity.
 *
 * @example
 * refill({ tokens: 0, at: 0 }, { capacity: 5, refill_per_s: 2 }, 1000); // { tokens: 2, at: 1000 }
 */
export function refill(bucket: Bucket, limit: RateLimit, now: number): Bucket {
  const elapsedS = Math.max(0, now - bucket.at) / 1000;
  const tokens = Math.min(limit.capacity, bucket.tokens + elapsedS * limit.refill_per_s);
  return { tokens, at: Math.max(now, bucket.at) };
}

/**
 * Refill, then take one token if there is one. `limited` is true when there was none (the request is
 * over the policy's rate limit; the bucket is unchanged).
 *
 * @example
 * takeToken({ tokens: 1, at: 0 }, { capacity: 5, refill_per_s: 0 }, 0); // { bucket: { tokens: 0, at: 0 }, limited: false }
 */
export function takeToken(bucket: Bucket, limit: RateLimit, now: number): { bucket: Bucket; limited: boolean } {
  const refilled = refill(bucket, limit, now);
  if (refilled.tokens < 1) return { bucket: refilled, limited: true };
  return { bucket: { tokens: refilled.tokens - 1, at: refilled.at }, limited: false };
}

/**
 * Header values for a bucket.
 *
 * @example
 * rateLimitStatus({ tokens: 3.5, at: 0 }, { capacity: 5, refill_per_s: 1 }); // { limit: 5, remaining: 3, reset_s: 2 }
 */
export function rateLimitStatus(bucket: Bucket, limit: RateLimit): RateLimitStatus {
  const missing = Math.max(0, limit.capacity - bucket.tokens);
  const reset_s = Math.ceil(missing / limit.refill_per_s);
  return { limit: limit.capacity, remaining: Math.max(0, Math.floor(bucket.tokens)), reset_s };
}

/**
 * The rate limit a policy document asks for, or the defaults; bad values (capacity < 1, refill ≤ 0, not
 * finite) fall back to the defaults.
 *
 * @example
 * rateLimitOf({ limits: { rate_limit: { capacity: 5, refill_per_s: 1 } } }); // { capacity: 5, refill_per_s: 1 }
 */
export function rateLimitOf(policy: unknown): RateLimit {
  const limits = (policy as { limits?: { rate_limit?: Partial<RateLimit> } } | null)?.limits?.rate_limit;
  const capacity = limits?.capacity;
  const refillPerS = limits?.refill_per_s;
  return {
    capacity: typeof capacity === "number" && Number.isFinite(capacity) && capacity >= 1 ? Math.floor(capacity) : DEFAULT_RATE_LIMIT.capacity,
    refill_per_s: typeof refillPerS === "number" && Number.isFinite(refillPerS) && refillPerS > 0 ? refillPerS : DEFAULT_RATE_LIMIT.refill_per_s,
  };
}
