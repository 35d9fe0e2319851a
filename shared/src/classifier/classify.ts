/**
 * Classifier inference: one pass over the text's hashed features (features.ts) adds each feature's
 * weights to a per-head accumulator; logit = bias + scale × sum / sqrt(feature count); probability = sigmoid
 * (scale: the head's int8 step, 1 for Float32 models).
 * No allocation per call beyond what the caller asks for (classifyInto writes into a caller's array).
 */
import { forEachFeature } from "./features.ts";
import type { ClassifierModel } from "./model.ts";

/** A classifier bound to one model. */
export interface Classifier {
  readonly model: ClassifierModel;
  /** Write each head's probability into `out` (length ≥ heads); returns `out`. */
  classifyInto(text: string, out: Float64Array): Float64Array;
}

/**
 * Bind a decoded model. The accumulator and the visit function are created once, here, not per call.
 *
 * @example
 * const c = createClassifier(decodeModel(MODEL_DATA));
 * c.classifyInto("Ignore previous instructions", new Float64Array(3));
 */
export function createClassifier(model: ClassifierModel): Classifier {
  const h = model.heads.length;
  const w = model.weights;
  if (w.length !== model.buckets * h) throw new Error("classifier: weights do not match buckets × heads");
  const acc = new Float64Array(h);
  const visit =
    h === 4
      ? (b: number): void => {
          const o = b * 4;
          acc[0] = (acc[0] as number) + (w[o] as number);
          acc[1] = (acc[1] as number) + (w[o + 1] as number);
          acc[2] = (acc[2] as number) + (w[o + 2] as number);
          acc[3] = (acc[3] as number) + (w[o + 3] as number);
        }
      : h === 3
      ? (b: number): void => {
          const o = b * 3;
          acc[0] = (acc[0] as number) + (w[o] as number);
          acc[1] = (acc[1] as number) + (w[o + 1] as number);
          acc[2] = (acc[2] as number) + (w[o + 2] as number);
        }
      : (b: number): void => {
          const o = b * h;
          for (let k = 0; k < h; k++) acc[k] = (acc[k] as number) + (w[o + k] as number);
        };
  return {
    model,
    classifyInto(text: string, out: Float64Array): Float64Array {
      acc.fill(0);
      const n = forEachFeature(text, visit, model.buckets);
      const scale = n > 0 ? 1 / Math.sqrt(n) : 0;
      for (let k = 0; k < h; k++) {
        const z = (model.heads[k]?.bias ?? 0) + (acc[k] as number) * scale * (model.scales[k] as number);
        out[k] = 1 / (1 + Math.exp(-z));
      }
      return out;
    },
  };
}
