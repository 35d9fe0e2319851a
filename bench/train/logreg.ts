/**
 * Multi-head logistic regression over hashed sparse features, trained by seeded SGD with class-balanced
 * weights and L2 decay. Deterministic: the same examples, options and seed give the same weights.
 */
import { BUCKETS, forEachFeature } from "@nethical/core/classifier/features.ts";
import { seededRandom as rng } from "@nethical/core/testing/random.ts";

/**
 * A sparse example: feature buckets, values (count / sqrt(total)), per-head labels (1, 0, -1 ignore) and an
 * optional weight (default 1) that scales its gradient, e.g. to keep one large source from swamping others.
 */
export interface SparseExample {
  idx: Int32Array;
  val: Float64Array;
  y: readonly number[];
  weight?: number;
}

/** Training options. */
export interface TrainOptions {
  epochs: number;
  lr: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 30, lr: 0.5, l2: 1e-4, seed: 20261126 };

/**
 * Featurise a text the way inference does (features.ts; value = count / sqrt(feature count)).
 *
 * @example
 * toSparse("hello world", [1]).idx.length > 0; // true
 */
export function toSparse(text: string, y: readonly number[], buckets: number = BUCKETS): SparseExample {
  const bag = new Map<number, number>();
  const n = forEachFeature(text, (b) => bag.set(b, (bag.get(b) ?? 0) + 1), buckets);
  const keys = [...bag.keys()].sort((a, b) => a - b);
  const scale = n > 0 ? 1 / Math.sqrt(n) : 0;
  return { idx: Int32Array.from(keys), val: Float64Array.from(keys, (k) => (bag.get(k) ?? 0) * scale), y };
}


/** Trained weights: interleaved `weights[bucket * heads + head]` and one bias per head. */
export interface Trained {
  weights: Float64Array;
  bias: number[];
}

/**
 * Train `heads` logistic heads on `examples` over `buckets` features.
 *
 * @example
 * trainLogReg([toSparse("bad", [1]), toSparse("good", [0])], 1, 1 << 14).bias.length; // 1
 */
export function trainLogReg(examples: readonly SparseExample[], heads: number, buckets: number, opts: TrainOptions = DEFAULT_TRAIN): Trained {
  const w = new Float64Array(buckets * heads);
  const bias = new Array<number>(heads).fill(0);
  // class-balanced weights per head
  const cw: [number, number][] = [];
  const mass = (e: SparseExample) => e.weight ?? 1;
  for (let k = 0; k < heads; k++) {
    const pos = examples.reduce((s, e) => s + (e.y[k] === 1 ? mass(e) : 0), 0);
    const neg = examples.reduce((s, e) => s + (e.y[k] === 0 ? mass(e) : 0), 0);
    const total = pos + neg;
    cw.push([total / (2 * Math.max(neg, 1)), total / (2 * Math.max(pos, 1))]);
  }
  const order = examples.map((_, i) => i);
  const rand = rng(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    const lr = opts.lr / (1 + epoch * 0.2);
    for (const oi of order) {
      const e = examples[oi] as SparseExample;
      for (let k = 0; k < heads; k++) {
        const y = e.y[k];
        if (y !== 0 && y !== 1) continue;
        let z = bias[k] as number;
        for (let f = 0; f < e.idx.length; f++) z += (w[(e.idx[f] as number) * heads + k] as number) * (e.val[f] as number);
        const p = 1 / (1 + Math.exp(-z));
        const g = (p - y) * (cw[k]?.[y] ?? 1) * mass(e) * lr;
        bias[k] = (bias[k] as number) - g;
        for (let f = 0; f < e.idx.length; f++) {
          const o = (e.idx[f] as number) * heads + k;
          w[o] = (w[o] as number) - g * (e.val[f] as number);
        }
      }
    }
    const decay = 1 - lr * opts.l2 * examples.length;
    for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) * decay;
  }
  return { weights: w, bias };
}

/**
 * Probability of each head for one example under trained weights.
 *
 * @example
 * predict(model, toSparse("text", [0]), 1); // [p]
 */
export function predict(model: Trained, e: SparseExample, heads: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < heads; k++) {
    let z = model.bias[k] as number;
    for (let f = 0; f < e.idx.length; f++) z += (model.weights[(e.idx[f] as number) * heads + k] as number) * (e.val[f] as number);
    out.push(1 / (1 + Math.exp(-z)));
  }
  return out;
}

/**
 * Lowest threshold t such that at most `fpr` of `negatives` have score ≥ t.
 *
 * @example
 * thresholdAtFpr([0.1, 0.2, 0.9], 0); // just above 0.9
 */
export function thresholdAtFpr(negatives: readonly number[], fpr: number): number {
  if (negatives.length === 0) return 0.5;
  const sorted = [...negatives].sort((a, b) => b - a);
  const allowed = Math.floor(fpr * sorted.length + 1e-9);
  if (allowed >= sorted.length) return 0;
  const v = sorted[allowed] as number;
  return Math.min(1, v + 1e-6);
}
