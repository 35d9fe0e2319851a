/**
 * The detector contract: what a detector reads (DetectorInput) and what it is (Detector). Findings are the
 * shared `Finding` type from the schemas; this module only adds the small helpers every detector uses.
 */
import type { Finding, FindingType } from "../schemas/finding.ts";

/** What a detector looks at: the text plus, where useful, the action type, the tool call and the context. */
export interface DetectorInput {
  text: string;
  action_type?: string;
  tool?: { name: string; arguments?: Record<string, unknown> };
  context?: Record<string, unknown>;
  /**
   * Run the structural checks on `tool.arguments` and `context` (safety switches, actuation limits)?
   * Default true. Callers that scan extra strings of the same request (argument values, stated intent)
   * pass `false` so those findings are reported once, from the main scan.
   */
  structural?: boolean;
  /**
   * Use the trigger gates (triggers.ts) to skip rules whose stems do not occur? Default true. `false` runs
   * every rule over the whole text: slower, and the same findings. It exists as the reference path that
   * proves gating never changes a result (bench/eval/trigger-gating.test.ts).
   */
  gating?: boolean;
}

/** A pure detector: same input, same findings; never returns the matched text, only spans. */
export interface Detector {
  /** Short stable id, written into every finding's `detector` field. */
  id: string;
  /** The finding types this detector can produce. */
  types: readonly FindingType[];
  detect(input: DetectorInput): Finding[];
}

/**
 * Round a score to two decimals and clamp it to [0, 1], so findings are stable and readable.
 *
 * @example
 * roundScore(0.87654); // 0.88
 */
export function roundScore(score: number): number {
  if (!(score > 0)) return 0;
  if (score >= 1) return 1;
  return Math.round(score * 100) / 100;
}

/**
 * Build a finding; `subtype` is left out when undefined so findings compare and serialise cleanly.
 *
 * @example
 * makeFinding("SECRET", "jwt", 4, 40, 0.9, "secrets");
 * // { type: "SECRET", subtype: "jwt", start: 4, end: 40, score: 0.9, detector: "secrets" }
 */
export function makeFinding(
  type: FindingType,
  subtype: string | undefined,
  start: number,
  end: number,
  score: number,
  detector: string,
): Finding {
  const finding: Finding =
    subtype === undefined
      ? { type, start, end, score: roundScore(score), detector }
      : { type, subtype, start, end, score: roundScore(score), detector };
  return finding;
}
