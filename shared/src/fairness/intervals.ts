/**
 * Confidence intervals for fairness figures (95 % by default): Wilson score interval for a rate,
 * Newcombe's hybrid score interval (his method 10) for a difference of two rates, and the Katz log
 * interval for a ratio of two rates. Pure arithmetic, no I/O.
 */

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

/** A closed interval. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval of `x` successes in `n` trials (n ≥ 1).
 *
 * @example
 * wilson(80, 100); // { low: 0.7112, high: 0.8666 } (rounded)
 */
export function wilson(x: number, n: number, z = Z_95): Interval {
  if (!(n >= 1 && x >= 0 && x <= n)) throw new RangeError("wilson needs 0 ≤ x ≤ n and n ≥ 1");
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At x = 0 (x = n) the bound is exactly 0 (1); say so instead of a rounding error's 1e-17.
  return { low: x === 0 ? 0 : Math.max(0, centre - half), high: x === n ? 1 : Math.min(1, centre + half) };
}

/**
 * Newcombe's interval for p1 − p2 from the two Wilson intervals:
 * [d − √((p1−l1)² + (u2−p2)²), d + √((u1−p1)² + (p2−l2)²)].
 *
 * @example
 * newcombe(30, 50, 80, 100); // { low: -0.3534, high: -0.0475 } (rounded)
 */
export function newcombe(x1: number, n1: number, x2: number, n2: number, z = Z_95): Interval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilson(x1, n1, z);
  const b = wilson(x2, n2, z);
  const d = p1 - p2;
  return { low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2), high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2) };
}

/**
 * Katz log interval for the ratio (x1/n1) / (x2/n2): exp(ln RR ± z·√(1/x1 − 1/n1 + 1/x2 − 1/n2)).
 * Null when either count of successes is 0 (the log of the ratio, or its variance, is undefined).
 *
 * @example
 * katzRatio(30, 50, 80, 100); // { low: 0.5861, high: 0.9598 } (rounded)
 */
export function katzRatio(x1: number, n1: number, x2: number, n2: number, z = Z_95): Interval | null {
  if (x1 === 0 || x2 === 0) return null;
  const lnRatio = Math.log(x1 / n1 / (x2 / n2));
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  return { low: Math.exp(lnRatio - z * se), high: Math.exp(lnRatio + z * se) };
}
