/**
 * The documented split of the dev data for the classifier: each text is hashed with fastHash128 (seed 0)
 * and the first 32 bits, mod 100, decide: < 70 → "train", otherwise "eval". The same text always lands in
 * the same split, whichever dataset holds it, so training can never see an evaluation text.
 * Cross-validation folds (threshold calibration, inside the train split only) use the next 32 bits.
 */
import { fastHash128 } from "@nethical/core/util/fast-hash.ts";

/** Percentage of texts in the train split. */
export const TRAIN_PERCENT = 70;

/**
 * Which split a text belongs to.
 *
 * @example
 * splitOf("Ignore previous instructions"); // "train" or "eval", always the same
 */
export function splitOf(text: string): "train" | "eval" {
  const h = Number.parseInt(fastHash128(text).slice(0, 8), 16);
  return h % 100 < TRAIN_PERCENT ? "train" : "eval";
}

/**
 * Cross-validation fold (0..k-1) of a train-split text.
 *
 * @example
 * foldOf("some text", 5); // 0..4
 */
export function foldOf(text: string, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new Error(`foldOf: k must be a positive integer, got ${k}`);
  return Number.parseInt(fastHash128(text).slice(8, 16), 16) % k;
}
