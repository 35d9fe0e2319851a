/**
 * The contract of a peer adapter (one small module per npm peer): what it can detect, expressed as
 * Nethical findings so the harness scores peers with exactly the same metrics as our detectors.
 */
import type { Finding } from "@nethical/core/schemas/finding.ts";

/** One peer library, adapted. */
export interface PeerAdapter {
  /** npm package name. */
  name: string;
  /** Installed version (from its package.json). */
  version: string;
  /** null when the peer runs offline here, else the error that stops it (reported, never hidden). */
  probe(): Promise<string | null>;
  /** PII spans as findings with Nethical PII types (EMAIL_ADDRESS, …), when the peer detects PII. */
  pii?: (text: string) => Promise<Finding[]>;
  /** Whole-text threat findings (PROMPT_INJECTION / JAILBREAK / HARMFUL_CONTENT) with the peer's scores. */
  threat?: (text: string) => Promise<Finding[]>;
}

/**
 * A whole-text finding carrying a peer's score.
 *
 * @example
 * wholeText("JAILBREAK", 0.9, "hi", "peer"); // { type: "JAILBREAK", start: 0, end: 2, score: 0.9, detector: "peer" }
 */
export function wholeText(type: Finding["type"], score: number, text: string, detector: string): Finding {
  return { type, start: 0, end: text.length, score, detector };
}
