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

/** Several functions timed in alternating rounds ({@link timeInRounds}). */
export interface RoundsTiming {
  /** Median over rounds of each round's median (µs per KB). */
  us_per_kb_median: number;
  /** Fastest repeat of any round. */
  us_per_kb_min: number;
  /** Each round's median, in order. */
  round_medians: number[];
}

/**
 * Time each function of `fns` over the same texts in `rounds` alternating rounds ({@link timePerKb} with
 * `repeats` each), and report per function the median of its round medians. One block of repeats lasts a
 * fraction of a second, and on a shared machine a slow phase of the host can cover all of it (the whole
 * block then reads up to twice as slow, for every function alike); rounds spread over the run and
 * alternated between the functions let one slow phase move one round, not the figure.
 *
 * @example
 * const t = timeInRounds(["a".repeat(1024)], { upper: (x) => x.toUpperCase(), lower: (x) => x.toLowerCase() }, 3, 2);
 * t.upper.round_medians.length; // 3
 */
export function timeInRounds<K extends string>(
  texts: readonly string[],
  fns: Readonly<Record<K, (text: string) => unknown>>,
  rounds = 9,
  repeats = 5,
  warmup = 3,
): Record<K, RoundsTiming> {
  if (!(rounds >= 1)) throw new Error(`timeInRounds: rounds must be at least 1, got ${rounds}`);
  const names = Object.keys(fns) as K[];
  const medians = new Map<K, number[]>(names.map((n) => [n, []]));
  const mins = new Map<K, number>(names.map((n) => [n, Infinity]));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const t = timePerKb(texts, fns[name], repeats, warmup);
      medians.get(name)?.push(t.us_per_kb_median);
      mins.set(name, Math.min(mins.get(name) ?? Infinity, t.us_per_kb_min));
    }
  }
  const out = {} as Record<K, RoundsTiming>;
  for (const name of names) {
    const m = medians.get(name) ?? [];
    out[name] = { us_per_kb_median: median(m), us_per_kb_min: mins.get(name) ?? Infinity, round_medians: m };
  }
  return out;
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
