/**
 * Throughput measurement for the detectors: microseconds per KB over a corpus, repeated, median reported.
 * (Measured, never asserted: machine load changes the numbers.)
 */
import { median } from "./metrics.ts";

/** Result of a timing run. */
export interface Timing {
  /** Median over repeats of (total µs / total KB). */
  us_per_kb_median: number;
  /** Fastest repeat, for reference on a loaded machine. */
  us_per_kb_min: number;
  repeats: number;
  texts: number;
  kb: number;
}

/**
 * Time `fn` over every text, `repeats` times after `warmup` passes; µs per KB (1 KB = 1024 UTF-16 units).
 *
 * @example
 * timePerKb(["hello"], (t) => t.length, 3, 1).repeats; // 3
 */
export function timePerKb(texts: readonly string[], fn: (text: string) => unknown, repeats = 15, warmup = 3): Timing {
  const kb = texts.reduce((n, t) => n + t.length, 0) / 1024;
  if (texts.length === 0 || kb === 0) throw new Error("timePerKb: empty corpus");
  let sink = 0;
  for (let w = 0; w < warmup; w++) for (const t of texts) sink += fn(t) === undefined ? 0 : 1;
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    for (const t of texts) sink += fn(t) === undefined ? 0 : 1;
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / kb);
  }
  if (sink < 0) throw new Error("unreachable");
  return { us_per_kb_median: median(samples), us_per_kb_min: Math.min(...samples), repeats, texts: texts.length, kb };
}

/**
 * Build `count` texts of exactly `size` characters by repeating a seed (for "a 1 KB action").
 *
 * @example
 * sizedTexts("abc", 4, 2); // ["abca", "abca"]
 */
export function sizedTexts(seed: string, size: number, count: number): string[] {
  if (seed.length === 0) throw new Error("sizedTexts: empty seed");
  let t = seed;
  while (t.length < size) t += ` ${seed}`;
  const one = t.slice(0, size);
  return Array.from({ length: count }, (_, i) => `${one.slice(0, size - String(i).length)}${i}`);
}
