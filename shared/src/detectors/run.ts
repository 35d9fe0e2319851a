/**
 * All detectors together: DETECTORS (fixed order), runDetectors (every detector, findings deduplicated and
 * sorted by start, end, type, subtype — deterministic) and scanText (text only, for `nethical scan`).
 */
import type { Finding } from "../schemas/finding.ts";
import { classifierDetector } from "../classifier/detector.ts";
import { dangerousCodeDetector } from "./dangerous-code.ts";
import { exfiltrationDetector } from "./exfiltration.ts";
import { harmfulDetector } from "./harmful.ts";
import { injectionDetector } from "./injection.ts";
import { piiDetector } from "./pii.ts";
import { safetyDetector } from "./safety.ts";
import { secretsDetector } from "./secrets.ts";
import type { Detector, DetectorInput } from "./types.ts";

/** Every built-in detector, in a fixed order. */
export const DETECTORS: readonly Detector[] = Object.freeze([
  piiDetector,
  secretsDetector,
  injectionDetector,
  dangerousCodeDetector,
  exfiltrationDetector,
  safetyDetector,
  harmfulDetector,
  classifierDetector,
]);

/**
 * Deterministic finding order: start, end, type, subtype, field, then higher score first.
 *
 * @example
 * [b, a].sort(compareFindings); // a before b when a.start < b.start
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.start - b.start ||
    a.end - b.end ||
    cmp(a.type, b.type) ||
    cmp(a.subtype ?? "", b.subtype ?? "") ||
    cmp(a.field ?? "", b.field ?? "") ||
    b.score - a.score ||
    cmp(a.detector, b.detector)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Run every detector on the input. Non-string text is treated as empty (never throws). Identical findings
 * (same span, type, subtype, field) are merged keeping the highest score.
 *
 * @example
 * runDetectors({ text: "rm -rf / and mail a@b.co", action_type: "code_execution" }).map((f) => f.type);
 * // ["DANGEROUS_CODE", "EMAIL_ADDRESS"]
 */
export function runDetectors(input: DetectorInput): Finding[] {
  const safe: DetectorInput = typeof input?.text === "string" ? input : { ...input, text: "" };
  const all: Finding[] = [];
  for (const d of DETECTORS) {
    const found = d.detect(safe);
    for (const f of found) all.push(f);
  }
  if (all.length < 2) return all;
  all.sort(compareFindings);
  const out: Finding[] = [];
  for (const f of all) {
    const prev = out[out.length - 1];
    if (
      prev !== undefined &&
      prev.start === f.start &&
      prev.end === f.end &&
      prev.type === f.type &&
      prev.subtype === f.subtype &&
      prev.field === f.field
    ) {
      continue; // sorted by score descending within identical keys: the first one kept is the highest
    }
    out.push(f);
  }
  return out;
}

/**
 * Detect in plain text (what `nethical scan` uses): `runDetectors({ text })`.
 *
 * @example
 * scanText("My SSN is 531-21-7351")[0].type; // "US_SSN"
 */
export function scanText(text: string): Finding[] {
  return runDetectors({ text });
}
