/**
 * Latency histogram buckets shared by the Worker (recording), the MetricsStore (adding) and the exposition
 * (GET /v2/metrics): upper bounds in milliseconds, plus one overflow bucket (+Inf). They include every SLO
 * threshold of the latency profiles (edge 5/10/25, cloud 50/100/250, safety-critical 10/25/50 ms), so a
 * "share of requests under the threshold" is exact, never interpolated.
 */

/** Upper bounds (ms, inclusive) of the finite buckets; counts arrays have one more entry for +Inf. */
export const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] as const;

/** Length of a histogram's counts array (the finite buckets and +Inf). */
export const LATENCY_BUCKET_COUNT = LATENCY_BUCKETS_MS.length + 1;

/**
 * Index of the (non-cumulative) bucket that `ms` falls in: the first bound >= ms, else the +Inf bucket.
 *
 * @example
 * bucketIndex(0.4); // 0 (le 1)
 * bucketIndex(7);   // 3 (le 10)
 * bucketIndex(9e9); // 12 (+Inf)
 */
export function bucketIndex(ms: number): number {
  const i = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return i === -1 ? LATENCY_BUCKETS_MS.length : i;
}
