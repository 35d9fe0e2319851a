/**
 * Latency percentiles over time from the Prometheus exposition (`GET /v2/metrics`): the cumulative
 * histogram `nethical_request_duration_seconds` is read at each poll, and the percentiles of the requests
 * between two polls come from the bucket deltas (linear inside a bucket, as Prometheus' histogram_quantile).
 */

/** Cumulative bucket counts by upper bound (seconds; `Infinity` for `+Inf`), summed over every label set. */
export type Buckets = Map<number, number>;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/;
const LE = /(?:^|[{,])le="([^"]+)"/;

/**
 * The cumulative buckets of histogram `name` in an exposition text.
 *
 * @example
 * parseBuckets(text, "nethical_request_duration_seconds").get(0.05); // requests ≤ 50 ms so far
 */
export function parseBuckets(text: string, name: string): Buckets {
  const buckets: Buckets = new Map();
  for (const line of text.split("\n")) {
    const m = SAMPLE.exec(line);
    if (m === null || m[1] !== `${name}_bucket`) continue;
    const le = LE.exec(m[2] ?? "");
    if (le === null) continue;
    const bound = le[1] === "+Inf" ? Infinity : Number(le[1]);
    const value = Number(m[3]);
    if (!Number.isFinite(value) || Number.isNaN(bound)) continue;
    buckets.set(bound, (buckets.get(bound) ?? 0) + value);
  }
  return buckets;
}

/**
 * The buckets of the requests between two reads (`later − earlier`, never negative: a restarted counter
 * counts from zero).
 *
 * @example
 * const recent = bucketDelta(previous, current);
 */
export function bucketDelta(earlier: Buckets, later: Buckets): Buckets {
  const out: Buckets = new Map();
  for (const [bound, count] of later) {
    const before = earlier.get(bound) ?? 0;
    out.set(bound, count >= before ? count - before : count);
  }
  return out;
}

/**
 * The `q` quantile (0–1) in milliseconds of cumulative buckets, or null when they hold no request.
 * Within a bucket the value is interpolated linearly; in the `+Inf` bucket it is the largest finite bound.
 *
 * @example
 * quantileMs(new Map([[0.01, 50], [0.05, 100], [Infinity, 100]]), 0.5); // 10
 */
export function quantileMs(buckets: Buckets, q: number): number | null {
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let prevBound = 0;
  let prevCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (bound === Infinity) return prevBound * 1000;
      const inBucket = count - prevCount;
      const share = inBucket === 0 ? 1 : (rank - prevCount) / inBucket;
      return (prevBound + (bound - prevBound) * share) * 1000;
    }
    prevBound = bound === Infinity ? prevBound : bound;
    prevCount = count;
  }
  return prevBound * 1000;
}
