/**
 * Integer helpers for tree sizes and indices. JavaScript bit operators work on 32 bits, but a log may
 * outgrow 2^32 leaves, so everything here uses exact double arithmetic on safe integers (< 2^53) instead.
 */

/**
 * Whether `n` is a non-negative safe integer (a valid tree size or leaf index).
 *
 * @example
 * isTreeSize(8); // true
 * isTreeSize(-1); // false
 * isTreeSize(2 ** 64); // false
 */
export function isTreeSize(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

/**
 * The largest power of two strictly less than `n` (the split point k of RFC 9162 §2.1.1), for n ≥ 2.
 *
 * @example
 * largestPowerOfTwoBelow(8); // 4
 * largestPowerOfTwoBelow(5); // 4
 */
export function largestPowerOfTwoBelow(n: number): number {
  if (!(isTreeSize(n) && n >= 2)) throw new RangeError(`largestPowerOfTwoBelow: need a safe integer ≥ 2, got ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Whether `n` (≥ 1) is an exact power of two.
 *
 * @example
 * isPowerOfTwo(4); // true
 * isPowerOfTwo(6); // false
 */
export function isPowerOfTwo(n: number): boolean {
  if (!(isTreeSize(n) && n >= 1)) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/**
 * The number of trailing zero bits of `n` (≥ 1): the level of the largest perfect subtree that can start
 * at leaf index `n`.
 *
 * @example
 * trailingZeros(12); // 2
 */
export function trailingZeros(n: number): number {
  if (!(isTreeSize(n) && n >= 1)) throw new RangeError(`trailingZeros: need a safe integer ≥ 1, got ${n}`);
  let z = 0;
  while (n % 2 === 0) {
    n /= 2;
    z++;
  }
  return z;
}

/**
 * floor(log2(n)) for n ≥ 1: the level of the largest perfect subtree that fits in n leaves.
 *
 * @example
 * floorLog2(13); // 3
 */
export function floorLog2(n: number): number {
  if (!(isTreeSize(n) && n >= 1)) throw new RangeError(`floorLog2: need a safe integer ≥ 1, got ${n}`);
  let level = 0;
  let p = 2;
  while (p <= n) {
    p *= 2;
    level++;
  }
  return level;
}
