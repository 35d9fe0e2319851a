/**
 * The candidate shape the PII scanners return before overlap resolution turns them into findings.
 */
import type { PiiType } from "../schemas/finding.ts";

/** A PII match before overlap resolution: type, half-open span and score. Never the matched text. */
export interface PiiCandidate {
  type: PiiType;
  start: number;
  end: number;
  score: number;
}
