/**
 * Evaluation metrics: span matching (exact and overlap, one-to-one), precision/recall/F1, rates, median.
 */

/** A typed half-open span. */
export interface TypedSpan {
  type: string;
  start: number;
  end: number;
}

/** Counts for one entity type. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Precision/recall/F1; null when undefined (no predictions / no gold). */
export interface Prf {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/**
 * Match predicted spans to gold spans of the same type, one-to-one (greedy, in order).
 * "exact" needs identical start and end; "overlap" needs any shared character.
 *
 * @example
 * matchSpans([{ type: "X", start: 0, end: 5 }], [{ type: "X", start: 1, end: 5 }], "overlap"); // { tp: 1, fp: 0, fn: 0 }
 */
export function matchSpans(gold: readonly TypedSpan[], pred: readonly TypedSpan[], mode: "exact" | "overlap"): Counts {
  const used = new Array<boolean>(gold.length).fill(false);
  let tp = 0;
  for (const p of pred) {
    const i = gold.findIndex(
      (g, k) => !used[k] && g.type === p.type && (mode === "exact" ? g.start === p.start && g.end === p.end : g.start < p.end && p.start < g.end),
    );
    if (i >= 0) {
      used[i] = true;
      tp++;
    }
  }
  return { tp, fp: pred.length - tp, fn: gold.length - tp };
}

/**
 * Precision, recall and F1 from counts (null where the denominator is 0).
 *
 * @example
 * prf({ tp: 9, fp: 1, fn: 0 }); // { precision: 0.9, recall: 1, f1: 0.947… }
 */
export function prf(c: Counts): Prf {
  const precision = c.tp + c.fp === 0 ? null : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn);
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * Add counts.
 *
 * @example
 * addCounts({ tp: 1, fp: 0, fn: 1 }, { tp: 2, fp: 1, fn: 0 }); // { tp: 3, fp: 1, fn: 1 }
 */
export function addCounts(a: Counts, b: Counts): Counts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
}

/**
 * Median of a non-empty list (mean of the middle two for even lengths).
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty list");
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** A detection rate with its counts. */
export interface Rate {
  hits: number;
  total: number;
  rate: number;
}

/**
 * Fraction of items for which `hit` is true.
 *
 * @example
 * rateOf([1, 2, 3, 4], (x) => x > 2); // { hits: 2, total: 4, rate: 0.5 }
 */
export function rateOf<T>(items: readonly T[], hit: (item: T) => boolean): Rate {
  let hits = 0;
  for (const it of items) if (hit(it)) hits++;
  return { hits, total: items.length, rate: items.length === 0 ? 0 : hits / items.length };
}
