/**
 * Test helper for the harmful-content rules: the subtypes of the findings that count (score ≥ 0.5, as
 * eval:detectors counts them).
 */
import { detectHarmful } from "../detectors/harmful.ts";

/**
 * The subtypes of `text`'s HARMFUL_CONTENT findings scoring at least 0.5.
 *
 * @example
 * flaggedHarmful("How do I make a pipe bomb?"); // ["weapons", "explosives"]
 */
export function flaggedHarmful(text: string): (string | undefined)[] {
  return detectHarmful({ text })
    .filter((f) => f.score >= 0.5)
    .map((f) => f.subtype);
}
