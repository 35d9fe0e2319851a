/**
 * Shannon entropy of a string in bits per character: random keys score high (≈4–6), words and
 * placeholders low (≈2–3). Used by the generic secret rule.
 */

/**
 * Shannon entropy, bits per character (0 for the empty string).
 *
 * @example
 * shannonEntropy("aaaa");             // 0
 * shannonEntropy("abcd");             // 2
 * shannonEntropy("q8Zr2LxN0vTy7KpW"); // 4
 */
export function shannonEntropy(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}
