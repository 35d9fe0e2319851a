/**
 * Order statistics for benchmarks: medians and percentiles over samples (nearest-rank).
 */

/**
 * The p-th percentile (0–100) of `samples` by nearest rank. Does not modify `samples`.
 *
 * @example
 * percentile([5, 1, 3], 50); // 3
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("percentile of no samples");
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be within 0..100, got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/**
 * The median (50th percentile, nearest rank).
 *
 * @example
 * median([4, 1, 9, 7]); // 4
 */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/**
 * Round to `digits` decimals for readable reports.
 *
 * @example
 * round(3.14159, 2); // 3.14
 */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
