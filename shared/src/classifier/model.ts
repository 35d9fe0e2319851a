/**
 * The classifier model format: one logistic-regression head per finding type over the hashed features
 * (features.ts), weights interleaved by bucket (`weights[bucket * heads + head]`) and shipped as int8 (or,
 * version 1, a little-endian Float32 array) in base64 (model-data.ts, written by `npm run train`). Decoded,
 * the weights are head-major (ClassifierModel). Each head carries
 * the two calibrated thresholds chosen on the training split (probability at ≤1% and ≤2% false positives).
 */
import type { FindingType } from "../schemas/finding.ts";

/** One head: the finding type it raises, its bias and its calibrated probability thresholds. */
export interface ClassifierHead {
  type: FindingType;
  /** Subtype of the finding it raises (absent: none). */
  subtype?: string;
  /**
   * What the head reads: "direct" (default) = the action or prompt itself; "data" = content the agent read
   * (tool output, documents, e-mails), where an instruction addressed to the model is itself suspicious.
   * runDetectors runs the direct heads; data heads are for `inputs` (see classifyData).
   */
  mode?: "direct" | "data";
  bias: number;
  /** Lowest probability with ≤ 1% false positives on the training split's benign texts (→ score 0.7). */
  t1: number;
  /** Lowest probability with ≤ 2% false positives on the training split's benign texts (→ score 0.5). */
  t2: number;
}

/**
 * The serialised model (what model-data.ts exports). Version 1: Float32 weights (`weights_b64`). Version 2:
 * int8 weights (`weights_i8_b64`, buckets × heads bytes) with one scale per head (weight = int8 × scale):
 * a quarter of the size, decoded to Float32 once at load.
 */
export interface ClassifierModelData {
  version: number;
  buckets: number;
  heads: ClassifierHead[];
  /** Version 1: base64 of a little-endian Float32Array of length buckets × heads.length. */
  weights_b64?: string;
  /** Version 2: base64 of an Int8Array of length buckets × heads.length (interleaved by bucket). */
  weights_i8_b64?: string;
  /** Version 2: per head, the factor from int8 to weight. */
  scales?: number[];
  /** How the model was trained (seed, split, sizes): documentation only. */
  trained: Record<string, unknown>;
}

/**
 * A decoded model, ready for inference. Head-major: head `k`'s weight for bucket `b` is
 * `weights[k * buckets + b] * scales[k]`, so each head's buckets are contiguous and a classifier that sums
 * one head (most texts: the harmful head alone) reads a quarter of the table (1 KB evaluate: −2 to −4% in
 * same-process A/Bs, see README.md). Version 1 models have Float32 weights and scales of 1; version 2 keep their int8 weights as
 * they are (a quarter of the memory, and a table that stays in the CPU cache).
 */
export interface ClassifierModel {
  buckets: number;
  heads: readonly ClassifierHead[];
  weights: Float32Array | Int8Array;
  scales: Float64Array;
}

/**
 * Decode a serialised model; throws a clear error when the sizes do not match.
 * (`weight(model, i)` gives weight i as a number, whatever the format.)
 *
 * @example
 * decodeModel(MODEL_DATA).heads.length; // 3
 */
export function decodeModel(data: ClassifierModelData): ClassifierModel {
  if (data.weights_i8_b64 !== undefined) return decodeQuantized(data, data.weights_i8_b64);
  if (data.weights_b64 === undefined) throw new Error("classifier model: no weights (weights_b64 or weights_i8_b64)");
  const bin = atob(data.weights_b64);
  const expected = data.buckets * data.heads.length * 4;
  if (bin.length !== expected) throw new Error(`classifier model: ${bin.length} weight bytes, expected ${expected}`);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const h = data.heads.length;
  const weights = new Float32Array(data.buckets * h);
  for (let i = 0; i < weights.length; i++) weights[(i % h) * data.buckets + Math.floor(i / h)] = view.getFloat32(i * 4, true);
  return { buckets: data.buckets, heads: data.heads, weights, scales: new Float64Array(data.heads.length).fill(1) };
}

function decodeQuantized(data: ClassifierModelData, b64: string): ClassifierModel {
  const h = data.heads.length;
  const bin = atob(b64);
  const expected = data.buckets * h;
  if (bin.length !== expected) throw new Error(`classifier model: ${bin.length} int8 weights, expected ${expected}`);
  const scales = data.scales ?? [];
  if (scales.length !== h || scales.some((x) => !Number.isFinite(x))) throw new Error(`classifier model: ${scales.length} scales, expected ${h}`);
  const weights = new Int8Array(expected);
  // serialised interleaved (bucket-major), decoded head-major (reading the string in order: 2.3–2.6 ms
  // on first call against 1.8–1.9 ms for a plain copy; reading it strided to write in order took 8–9 ms)
  for (let b = 0, i = 0; b < data.buckets; b++) for (let k = 0; k < h; k++, i++) weights[k * data.buckets + b] = bin.charCodeAt(i);
  return { buckets: data.buckets, heads: data.heads, weights, scales: Float64Array.from(scales) };
}

/**
 * Weight `i` of a decoded model, `i` indexing the serialised, interleaved order (bucket `i / heads`, head
 * `i % heads`), as quantizeWeights takes it.
 *
 * @example
 * weight(decodeModel(MODEL_DATA), 0); // bucket 0, head 0: a number
 */
export function weight(model: ClassifierModel, i: number): number {
  const h = model.heads.length;
  const k = i % h;
  return (model.weights[k * model.buckets + Math.floor(i / h)] ?? 0) * (model.scales[k] ?? 1);
}

/**
 * Quantise interleaved weights (`weights[bucket * heads + head]`) to int8 with one scale per head
 * (max |weight| / 127), as base64 (used by `npm run train`; decodeModel reverses it).
 *
 * @example
 * quantizeWeights([1, -2, 0.5, 2], 2); // { weights_i8_b64: "f4E/fw==", scales: [1/127, 2/127] } (rounded to 9 digits)
 */
export function quantizeWeights(weights: ArrayLike<number>, heads: number): { weights_i8_b64: string; scales: number[] } {
  const scales = new Array<number>(heads).fill(0);
  for (let i = 0; i < weights.length; i++) scales[i % heads] = Math.max(scales[i % heads] as number, Math.abs(weights[i] ?? 0));
  for (let k = 0; k < heads; k++) scales[k] = Number(((scales[k] as number) / 127 || 1).toPrecision(9));
  const bytes = new Uint8Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const q = Math.max(-127, Math.min(127, Math.round((weights[i] ?? 0) / (scales[i % heads] as number))));
    bytes[i] = q & 0xff;
  }
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { weights_i8_b64: btoa(bin), scales };
}

/**
 * Encode weights as little-endian Float32 base64 (model format version 1).
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
