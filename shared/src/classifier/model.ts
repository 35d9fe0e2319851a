/**
 * The classifier model format: one logistic-regression head per finding type over the hashed features
 * (features.ts), weights interleaved by bucket (`weights[bucket * heads + head]`) and shipped as a
 * little-endian Float32 array in base64 (model-data.ts, written by `npm run train`). Each head carries
 * the two calibrated thresholds chosen on the training split (probability at ≤1% and ≤2% false positives).
 */
import type { FindingType } from "../schemas/finding.ts";

/** One head: the finding type it raises, its bias and its calibrated probability thresholds. */
export interface ClassifierHead {
  type: FindingType;
  bias: number;
  /** Lowest probability with ≤ 1% false positives on the training split's benign texts (→ score 0.7). */
  t1: number;
  /** Lowest probability with ≤ 2% false positives on the training split's benign texts (→ score 0.5). */
  t2: number;
}

/** The serialised model (what model-data.ts exports). */
export interface ClassifierModelData {
  version: number;
  buckets: number;
  heads: ClassifierHead[];
  /** base64 of a little-endian Float32Array of length buckets × heads.length. */
  weights_b64: string;
  /** How the model was trained (seed, split, sizes): documentation only. */
  trained: Record<string, unknown>;
}

/** A decoded model, ready for inference. */
export interface ClassifierModel {
  buckets: number;
  heads: readonly ClassifierHead[];
  weights: Float32Array;
}

/**
 * Decode a serialised model; throws a clear error when the sizes do not match.
 *
 * @example
 * decodeModel(MODEL_DATA).heads.length; // 3
 */
export function decodeModel(data: ClassifierModelData): ClassifierModel {
  const bin = atob(data.weights_b64);
  const expected = data.buckets * data.heads.length * 4;
  if (bin.length !== expected) throw new Error(`classifier model: ${bin.length} weight bytes, expected ${expected}`);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const weights = new Float32Array(data.buckets * data.heads.length);
  for (let i = 0; i < weights.length; i++) weights[i] = view.getFloat32(i * 4, true);
  return { buckets: data.buckets, heads: data.heads, weights };
}

/**
 * Encode weights as little-endian Float32 base64 (used by `npm run train`).
 *
 * @example
 * encodeWeights([1, 0]); // "AACAPwAAAAA="
 */
export function encodeWeights(weights: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(weights.length * 4));
  for (let i = 0; i < weights.length; i++) view.setFloat32(i * 4, weights[i] ?? 0, true);
  const bytes = new Uint8Array(view.buffer);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/**
 * Map a head's probability to a finding score: below t2 → 0 (no finding); t2..t1 → 0.5..0.7; t1..1 → 0.7..1.
 *
 * @example
 * calibratedScore(0.9, { type: "JAILBREAK", bias: 0, t1: 0.8, t2: 0.6 }); // 0.85
 */
export function calibratedScore(p: number, head: ClassifierHead): number {
  const { t1, t2 } = head;
  if (!(p >= t2)) return 0;
  if (p >= t1) return t1 >= 1 ? 1 : 0.7 + (0.3 * (p - t1)) / (1 - t1);
  return t1 > t2 ? 0.5 + (0.2 * (p - t2)) / (t1 - t2) : 0.5;
}
