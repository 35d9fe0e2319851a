/**
 * Classifier inference: one pass over the text's hashed features (features.ts) adds each feature's
 * weights to a per-head sum; logit = bias + scale × sum / sqrt(feature count); probability = sigmoid
 * (scale: the head's int8 step, 1 for Float32 models).
 *
 * The features arrive a chunk at a time as bucket indices in a reused buffer (readFeatures) and the weights
 * are summed in local variables, in feature order, so the sums (and the scores) are exactly those of adding
 * the weights one feature at a time. No allocation per call beyond what the caller asks for (classifyInto
 * writes into a caller's array).
 */
import { FEATURE_BUFFER, featureReader, readerDone, readFeatures, resetFeatureReader } from "./features.ts";
import type { ClassifierModel } from "./model.ts";

/** A classifier bound to one model. */
export interface Classifier {
  readonly model: ClassifierModel;
  /** Write each head's probability into `out` (length ≥ heads); returns `out`. */
  classifyInto(text: string, out: Float64Array): Float64Array;
}

/**
 * Bind a decoded model. The sums, the reader and the feature buffer are created once, here, not per call.
 *
 * @example
 * const c = createClassifier(decodeModel(MODEL_DATA));
 * c.classifyInto("Ignore previous instructions", new Float64Array(2));
 */
export function createClassifier(model: ClassifierModel): Classifier {
  const h = model.heads.length;
  const w = model.weights;
  const buckets = model.buckets;
  if (!(buckets > 0 && (buckets & (buckets - 1)) === 0)) throw new Error(`classifier: buckets must be a power of two, got ${buckets}`);
  if (w.length !== buckets * h) throw new Error("classifier: weights do not match buckets × heads");
  const mask = buckets - 1;
  const acc = new Float64Array(h);
  const reader = featureReader();
  const feats = new Int32Array(FEATURE_BUFFER);

  /**
   * Add the weights of features [0, m) of `feats` to `acc`. Int8 weights are summed as integers (exact, so
   * the same sums as adding them one by one in floating point; a chunk's sum stays far below 2^31); Float32
   * weights are added in feature order, as always.
   */
  const addWeights =
    w instanceof Int8Array && h === 2
      ? (m: number): void => {
          let a0 = 0;
          let a1 = 0;
          for (let j = 0; j < m; j++) {
            const o = (feats[j] as number) << 1;
            a0 = (a0 + (w[o] as number)) | 0;
            a1 = (a1 + (w[o + 1] as number)) | 0;
          }
          acc[0] = (acc[0] as number) + a0;
          acc[1] = (acc[1] as number) + a1;
        }
      : (m: number): void => {
          for (let j = 0; j < m; j++) {
            const o = (feats[j] as number) * h;
            for (let k = 0; k < h; k++) acc[k] = (acc[k] as number) + (w[o + k] as number);
          }
        };

  return {
    model,
    classifyInto(text: string, out: Float64Array): Float64Array {
      acc.fill(0);
      let n = 0;
      if (typeof text === "string") {
        resetFeatureReader(reader);
        while (!readerDone(text, reader)) {
          const m = readFeatures(text, reader, mask, feats);
          addWeights(m);
          n += m;
        }
      }
      const scale = n > 0 ? 1 / Math.sqrt(n) : 0;
      for (let k = 0; k < h; k++) {
        const z = (model.heads[k]?.bias ?? 0) + (acc[k] as number) * scale * (model.scales[k] as number);
        out[k] = 1 / (1 + Math.exp(-z));
      }
      return out;
    },
  };
}
