/**
 * All detectors together: DETECTORS (fixed order), runDetectors (every detector, findings deduplicated and
 * sorted by start, end, type, subtype — deterministic) and scanText (text only, for `nethical scan`).
 */
import type { Finding } from "../schemas/finding.ts";
import { classifierDetector, detectClassifier } from "../classifier/detector.ts";
import { dangerousCodeDetector } from "./dangerous-code.ts";
import { exfiltrationDetector } from "./exfiltration.ts";
import { harmfulDetector } from "./harmful.ts";
import { injectionDetector } from "./injection.ts";
import { piiDetector } from "./pii.ts";
import { safetyDetector } from "./safety.ts";
import { secretsDetector } from "./secrets.ts";
import { applyTalk, isExecutable, talkFactor } from "./talk-about.ts";
import { directAttackCue, isGatedClassifierType } from "./classifier-gate.ts";
import type { Detector, DetectorInput } from "./types.ts";
import { mapSpan } from "./normalise.ts";
import { textViews, type TextView } from "./views.ts";

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
 * The detectors that also scan the normalised view (views.ts): every rule detector. Not the classifier: it
 * is a model trained on raw text and its span is the whole text anyway. PII and secrets are here so a
 * zero-width or full-width character cannot hide an address or a key from a `redact` obligation.
 */
export const NORMALISED_VIEW_DETECTORS: readonly Detector[] = Object.freeze([
  piiDetector,
  secretsDetector,
  injectionDetector,
  dangerousCodeDetector,
  exfiltrationDetector,
  safetyDetector,
  harmfulDetector,
]);

/**
 * The detectors that scan decoded payloads (base64/hex): what a payload can make the agent do or say.
 * Not PII and not secrets: decoded binary-ish text is full of digit runs and high-entropy strings (false
 * phone numbers and "generic secrets"), a redaction of a decoded value could only cover the whole encoded
 * token, and the secrets detector already sees the encoded token itself in the original text.
 */
export const DECODED_VIEW_DETECTORS: readonly Detector[] = Object.freeze([
  injectionDetector,
  dangerousCodeDetector,
  exfiltrationDetector,
  safetyDetector,
  harmfulDetector,
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
  const views = textViews(safe.text, isExecutable(safe));
  for (const d of DETECTORS) {
    // Without views the classifier gates its own findings (and skips its gated heads when no window can pass
    // the gate). With views it runs ungated and gateClassifier drops them after addViewFindings, as always:
    // a classifier finding the gate drops still keeps an overlapping view finding of its type out.
    const found = d === classifierDetector && views.length === 0 ? detectClassifier(safe, true) : d.detect(safe);
    for (const f of found) all.push(f);
  }
  if (views.length > 0) addViewFindings(safe, views, all);
  gateClassifier(safe.text, all);
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
 * Drop the classifier's PROMPT_INJECTION and JAILBREAK findings whose window is not addressed to the
 * assistant about its instructions, rules, limits, mode or role (classifier-gate.ts): the heads corroborate
 * that cue, they never fire without it. In place. (A text without views got gated findings already.)
 */
function gateClassifier(text: string, all: Finding[]): void {
  for (let i = all.length - 1; i >= 0; i--) {
    const f = all[i] as Finding;
    if (f.detector === "classifier" && isGatedClassifierType(f.type) && !directAttackCue(text.slice(f.start, f.end))) all.splice(i, 1);
  }
}

/**
 * Run the view detectors on each view and add their findings with spans mapped into the original text. A
 * view finding is left out when a finding of the original text with the same type and subtype overlaps it
 * with at least its score (the view adds evidence only where the original text hid it). A finding in a
 * decoded payload of a non-executable text keeps the talk-about context of the encoded token's place in
 * the original ("what does `echo … | base64 -d | sh` do?" stays talking).
 */
function addViewFindings(input: DetectorInput, views: readonly TextView[], all: Finding[]): void {
  const original = all.length;
  const length = input.text.length;
  const executable = isExecutable(input);
  for (const view of views) {
    const viewInput: DetectorInput = { ...input, text: view.text, structural: false };
    const detectors = view.kind === "normalised" ? NORMALISED_VIEW_DETECTORS : DECODED_VIEW_DETECTORS;
    for (const d of detectors) {
      for (const f of d.detect(viewInput)) {
        const [start, end] = mapSpan(view, f.start, f.end, length);
        let score = f.score;
        if (view.kind === "decoded" && !executable) score = Math.min(score, applyTalk(score, talkFactor(input, start, end, "full")));
        if (coveredByOriginal(all, original, f, start, end, score)) continue;
        all.push({ ...f, start, end, score });
      }
    }
  }
}

function coveredByOriginal(all: readonly Finding[], original: number, f: Finding, start: number, end: number, score: number): boolean {
  for (let i = 0; i < original; i++) {
    const o = all[i] as Finding;
    if (o.type === f.type && o.subtype === f.subtype && o.score >= score && o.start < Math.max(end, start + 1) && start < Math.max(o.end, o.start + 1)) return true;
  }
  return false;
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
