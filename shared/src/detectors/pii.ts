/**
 * The PII detector: runs the PII scanners, then resolves overlaps (a card number is not also a phone or a
 * bank number): higher score wins, ties go to the more specific type. PII is data, not intent, so there is
 * no talk-about lowering here: a card number inside a question is still a card number.
 */
import type { Finding, PiiType } from "../schemas/finding.ts";
import { findDatesOfBirth, findMedicalRecordNumbers } from "./pii-context.ts";
import { findEmails, findIpv4, findIpv6 } from "./pii-network.ts";
import { findBankNumbers, findCards, findIbans, findSsns } from "./pii-numbers.ts";
import { findPhones } from "./pii-phone.ts";
import type { PiiCandidate } from "./pii-types.ts";
import { compileTriggers, hitAny } from "./triggers.ts";
import { makeFinding, type Detector, type DetectorInput } from "./types.ts";

/** Candidates scoring below this are dropped. */
export const PII_MIN_SCORE = 0.4;

/** Tie-break order for overlapping candidates: earlier = more specific. */
const PRIORITY: readonly PiiType[] = [
  "CREDIT_CARD",
  "IBAN_CODE",
  "US_SSN",
  "EMAIL_ADDRESS",
  "IP_ADDRESS",
  "DATE_OF_BIRTH",
  "MEDICAL_RECORD_NUMBER",
  "PHONE_NUMBER",
  "US_BANK_NUMBER",
];

const HAS_DIGIT = /\d/;
/** Context words the context-only PII scanners need (triggers.ts). */
const BANK_T = compileTriggers(["account", "acct", "a/c", "routing", "aba", "bank", "checking", "savings", "deposit", "wire"]);
const DOB_T = compileTriggers(["born", "dob", "d.o.b", "date", "birth", "birthday"]);
const MRN_T = compileTriggers(["mrn", "medical", "patient", "chart", "health"]);

/**
 * All PII candidates in `text`, overlap-resolved, as findings sorted by start.
 *
 * @example
 * detectPii({ text: "SSN 531-21-7351, mail a@b.co" }).map((f) => f.type); // ["US_SSN", "EMAIL_ADDRESS"]
 */
export function detectPii(input: DetectorInput): Finding[] {
  const text = input.text;
  const cands: PiiCandidate[] = [];
  if (text.indexOf("@") !== -1) cands.push(...findEmails(text));
  if (HAS_DIGIT.test(text)) {
    cands.push(...findCards(text), ...findIbans(text), ...findSsns(text), ...findIpv4(text), ...findIpv6(text));
    cands.push(...findPhones(text));
    if (hitAny(input, BANK_T)) cands.push(...findBankNumbers(text));
    if (hitAny(input, DOB_T)) cands.push(...findDatesOfBirth(text));
    if (hitAny(input, MRN_T)) cands.push(...findMedicalRecordNumbers(text));
  }
  if (cands.length === 0) return [];
  const kept = resolveOverlaps(cands.filter((c) => c.score >= PII_MIN_SCORE));
  return kept.map((c) => makeFinding(c.type, undefined, c.start, c.end, c.score, "pii"));
}

/**
 * Keep the best of overlapping candidates (score, then type priority, then longer span); result by start.
 *
 * @example
 * resolveOverlaps([
 *   { type: "PHONE_NUMBER", start: 0, end: 12, score: 0.8 },
 *   { type: "CREDIT_CARD", start: 0, end: 16, score: 0.95 },
 * ]); // [{ type: "CREDIT_CARD", start: 0, end: 16, score: 0.95 }]
 */
export function resolveOverlaps(cands: PiiCandidate[]): PiiCandidate[] {
  const ranked = [...cands].sort(
    (a, b) =>
      b.score - a.score ||
      PRIORITY.indexOf(a.type) - PRIORITY.indexOf(b.type) ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start,
  );
  const kept: PiiCandidate[] = [];
  for (const c of ranked) {
    if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The PII detector (Presidio entity names as finding types). */
export const piiDetector: Detector = {
  id: "pii",
  types: PRIORITY,
  detect: detectPii,
};
