/**
 * PII that is only PII because of the words around it: dates of birth ("born on", "DOB", "date of birth",
 * "birthday" followed by a date) and medical record numbers ("MRN", "medical record", "patient id").
 */
import type { PiiCandidate } from "./pii-types.ts";

const MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\\.?";
const DATE =
  `(?:\\d{1,2}[\\/.\\-]\\d{1,2}[\\/.\\-]\\d{2,4}|\\d{4}-\\d{1,2}-\\d{1,2}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+\\d{4})`;
const DOB_RE = new RegExp(
  `\\b(?:born(?:\\s+on)?|d\\.?o\\.?b\\.?|date\\s+of\\s+birth|birth\\s*date|birthday|birth\\s+day)(?![a-z])[^\\n\\d]{0,20}?(${DATE})(?!\\d)`,
  "dgi",
);
const MRN_RE =
  /\b(?:mrn|medical\s+record(?:\s+(?:number|no\.?|#|num|id))?|patient\s+(?:id|identifier|number|no\.?|#)|chart\s+(?:number|no\.?|#)|health\s+record\s+(?:number|no\.?|#))(?![a-z])[^\w\n]{0,10}(?:(?:is|was)\s+)?[#:]?\s?([A-Z0-9][A-Z0-9\-]{3,19})\b/dgi;

/**
 * Dates next to a birth word; the span covers only the date.
 *
 * @example
 * findDatesOfBirth("She was born on 12/27/1986."); // [{ type: "DATE_OF_BIRTH", start: 16, end: 26, score: 0.9 }]
 */
export function findDatesOfBirth(text: string): PiiCandidate[] {
  return groupMatches(text, DOB_RE, "DATE_OF_BIRTH", () => 0.9);
}

/**
 * Identifiers (≥ 4 digits) next to MRN / medical record / patient id words.
 *
 * @example
 * findMedicalRecordNumbers("MRN: 00482913"); // [{ type: "MEDICAL_RECORD_NUMBER", start: 5, end: 13, score: 0.85 }]
 */
export function findMedicalRecordNumbers(text: string): PiiCandidate[] {
  return groupMatches(text, MRN_RE, "MEDICAL_RECORD_NUMBER", (value) => ((value.match(/\d/g)?.length ?? 0) >= 4 ? 0.85 : 0));
}

function groupMatches(
  text: string,
  re: RegExp,
  type: PiiCandidate["type"],
  score: (value: string) => number,
): PiiCandidate[] {
  const out: PiiCandidate[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && out.length < 256) {
    const span = m.indices?.[1];
    const s = score(m[1] ?? "");
    if (span !== undefined && s > 0) out.push({ type, start: span[0], end: span[1], score: s });
  }
  return out;
}
