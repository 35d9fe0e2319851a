/**
 * Classifier inference: one pass over the text's hashed features (features.ts) adds each feature's
 * weights to a per-head sum; logit = bias + scale × sum / sqrt(feature count); probability = sigmoid
 * (scale: the head's int8 step, 1 for Float32 models).
 *
 * The features arrive a chunk at a time as bucket indices in a reused buffer (readFeatures) and each head's
 * weights are summed over the chunk in a local variable, in feature order, so the sums (and the scores) are
 * exactly those of adding the weights one feature at a time. A caller that needs only some heads passes a
 * head mask, and the other heads are not summed (the features are read once whatever the mask). No
 * allocation per call beyond what the caller asks for (classifyInto writes into a caller's array).
 */
import { FEATURE_BUFFER, featureReader, readerDone, readFeatures, resetFeatureReader } from "./features.ts";
import type { ClassifierModel } from "./model.ts";

/** A classifier bound to one model. */
export interface Classifier {
  readonly model: ClassifierModel;
  /**
   * Write the probability of each head in `heads` (a bit mask: bit k = head k; default all) into `out`
   * (length ≥ heads); the other entries of `out` are left as they were. Returns `out`.
   */
  classifyInto(text: string, out: Float64Array, heads?: number): Float64Array;
}

/**
 * The mask of the heads for which `pick` is true (bit k = head k), for {@link Classifier.classifyInto}.
 *
 * @example
 * headMask(model, (h) => h.mode !== "data"); // 0b0111 for four heads with the data head last
 */
export function headMask(model: ClassifierModel, pick: (head: ClassifierModel["heads"][number], k: number) => boolean): number {
  let mask = 0;
  model.heads.forEach((h, k) => {
    if (pick(h, k)) mask |= 1 << k;
  });
  return mask;
}

/**
 * Bind a decoded model. The sums, the reader and the feature buffer are created once, here, not per call.
 *
 * @example
 * const c = createClassifier(decodeModel(MODEL_DATA));
 * c.classifyInto("Ignore previous instructions", new Float64Array(4));         // every head
 * c.classifyInto("Ignore previous instructions", new Float64Array(4), 0b0100); // head 2 only
 */
export function createClassifier(model: ClassifierModel): Classifier {
  const h = model.heads.length;
  const w = model.weights;
  const buckets = model.buckets;
  if (!(buckets > 0 && (buckets & (buckets - 1)) === 0)) throw new Error(`classifier: buckets must be a power of two, got ${buckets}`);
  if (w.length !== buckets * h) throw new Error("classifier: weights do not match buckets × heads");
  if (h > 31) throw new Error(`classifier: at most 31 heads, got ${h}`);
  const all = (1 << h) - 1;
  const mask = buckets - 1;
  const acc = new Float64Array(h);
  const reader = featureReader();
  const feats = new Int32Array(FEATURE_BUFFER);

  /**
   * Add head k's weights (head-major: at k × buckets) of features [0, m) of `feats` to `acc[k]`. Int8 weights are summed as integers
   * (exact, so the same sums as adding them one by one in floating point; a chunk's sum stays far below
   * 2^31); Float32 weights are added in feature order, as always.
   */
  const addWeights =
    w instanceof Int8Array
      ? (m: number, k: number): void => {
          const off = k * buckets;
          let a = 0;
          for (let j = 0; j < m; j++) a = (a + (w[off + (feats[j] as number)] as number)) | 0;
          acc[k] = (acc[k] as number) + a;
        }
      : (m: number, k: number): void => {
          const off = k * buckets;
          let a = acc[k] as number;
          for (let j = 0; j < m; j++) a += w[off + (feats[j] as number)] as number;
          acc[k] = a;
        };

  return {
    model,
    classifyInto(text: string, out: Float64Array, heads: number = all): Float64Array {
      const on = heads & all;
      acc.fill(0);
      let n = 0;
      if (typeof text === "string") {
        resetFeatureReader(reader);
        while (!readerDone(text, reader)) {
          const m = readFeatures(text, reader, mask, feats);
          for (let k = 0; k < h; k++) if ((on >> k) & 1) addWeights(m, k);
          n += m;
        }
      }
      const scale = n > 0 ? 1 / Math.sqrt(n) : 0;
      for (let k = 0; k < h; k++) {
        if (((on >> k) & 1) === 0) continue;
        const z = (model.heads[k]?.bias ?? 0) + (acc[k] as number) * scale * (model.scales[k] as number);
        out[k] = 1 / (1 + Math.exp(-z));
      }
      return out;
    },
  };
}
