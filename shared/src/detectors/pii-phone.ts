/**
 * Phone numbers, parsed and validated with libphonenumber-js (Google's libphonenumber metadata: country
 * calling codes, international and trunk prefixes, per-country lengths and number ranges).
 *
 * A cheap linear regex proposes digit groupings (with an optional "x123" / "ext. 45" extension); each
 * candidate that is not a date, time, version, IPv4 address, SSN or Luhn-valid card number is then judged:
 *
 * | candidate | score |
 * |---|---|
 * | international ("+44 20 7946 0958", "+49 (0)30 1234567", "0044 …", "011 …") valid for its country | 0.9 (0.95 next to a phone word) |
 * | "+…" of a possible length but not a valid range | 0.6 (0.85 with a phone word) |
 * | US/Canada national ("(415) 555-2671", "415.555.2671 x12", "1-800-555-0199") valid | 0.9 (0.95) |
 * | NANP shape whose area code the metadata does not know | 0.45 (0.85) |
 * | national with a trunk prefix ("020 7946 0958", "030 1234567", "06 12 34 56 78", "(02) 9374 4000"), 10–12 digits, valid in a common country | 0.6 (0.9, from 9 digits) |
 * | other groupings of 7–15 digits | only next to a phone word ("call me on", "Mobile:", "… fax"): 0.8 |
 * | a bare run of digits ("tel. 0301234567") | only next to a phone word and valid (US/Canada or a common country): 0.85 |
 *
 * Without a "+" or a phone word, digits right after an identifier word ("Invoice", "order #", "ref", "id")
 * are not a phone. Valid-in-some-country is a weak signal for national formats (most random 10-digit groupings with a
 * leading 0 are valid somewhere), so those score at the redact line unless a phone word is near; the "+"
 * and the US ranges are where the metadata separates numbers from noise.
 *
 * Deterministic and pure (no clock, no I/O): the metadata is the build pinned in the lockfile.
 */
import { PhoneNumber, parsePhoneNumberFromString, type CountryCode, type E164Number, type MetadataJson } from "libphonenumber-js/core";
import metadata from "libphonenumber-js/min/metadata";
import type { PiiCandidate } from "./pii-types.ts";
import { luhnValid } from "./validators.ts";

const CANDIDATE_RE =
  /(?<![\w+\-.\/@])(?:\+ ?)?\(?\d[\d .\-()]{5,24}\d(?:,? ?(?:x|ext\.?|extn\.?|extension) ?\d{1,6})?(?![\w\-]|\.\d|:\d)/gi;
const EXTENSION_RE = /,? ?(?:x|ext\.?|extn\.?|extension) ?\d{1,6}$/i;
const SSN_SHAPE = /^\d{3}-\d{2}-\d{4}$/;
const DATE_SHAPE = /^(?:\d{4}[\-.\/ ]\d{1,2}[\-.\/ ]\d{1,2}|\d{1,2}[\-.\/ ]\d{1,2}[\-.\/ ]\d{2,4})$|^\d{4}[\-\/]\d{1,2}[\-\/]\d{1,2}\b/;
const IPV4_SHAPE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const NANP_SHAPE = /^(?:1[ .\-]?)?(?:\(\d{3}\) ?|\d{3}[ .\-])\d{3}[ .\-]\d{4}$/;
const TRUNK_SHAPE = /^(?:\(0\d{1,4}\) ?|0\d{1,4}[ .\-])\d{2,8}(?:[ .\-]\d{2,8}){0,4}$/;
const PAREN_AREA_SHAPE = /^\(\d{1,4}\) ?\d{2,5}(?:[ .\-]\d{2,5}){1,3}$/;
const GROUPED_SHAPE = /^\(?\d{1,5}\)?(?:[ .\-]\d{1,5}){1,5}$/;
const IDD_RE = /^(?:00|011)[ .\-]?(?=[1-9])/;
const VERSION_BEFORE = /\b(?:v|ver\.?|version|release|build|firmware|rev\.?)\s*$/i;
const CONTEXT_BEFORE =
  /\b(?:call(?:ed|ing)?|phone|ph|tel|telephone|telefon|mobile|mob|cell(?:phone)?|fax|desk|office|contact|reach|text|sms|whatsapp|signal|number|dial|ring|hotline|helpline|landline)\b[^\n\d]{0,24}$/i;
/** Identifier words right before the digits: an invoice or order number, not a phone (unless a phone word is near too). */
const ID_BEFORE =
  /\b(?:invoice|order|ref|reference|ticket|case|id|no\.?|number|account|acct|tracking|serial|sku|part|item|policy|claim|po|batch|lot)\s{0,2}[:#]?\s{0,2}$/i;
/** Before a bare digit run, these make "number" mean some other number. */
const NOT_PHONE_WORD = /\b(?:account|acct|routing|order|invoice|card|ssn|social|tracking|iban|customer|member|policy|serial|passport|licen[cs]e)\b/i;
const CONTEXT_AFTER = /^[ \t]*[(\[]?(?:office|fax|mobile|cell|home|work|desk|phone|tel)\b/i;

/**
 * Countries whose national formats with a "0" trunk prefix are recognised without a "+" (the US and
 * Canada are the NANP shape). Italy dials its leading 0 as part of the number; everywhere else the 0 is
 * the trunk prefix and is dropped before validation.
 */
export const NATIONAL_COUNTRIES: readonly CountryCode[] = ["GB", "DE", "FR", "AU", "IN", "NL", "IT", "CH", "AT", "BE", "IE", "SE", "BR", "JP"];

/**
 * libphonenumber-js's PhoneNumber also takes (country, national number, metadata): validation for one
 * region without the text parser (about 1 µs instead of 10–16 µs per call).
 */
type RegionNumberCtor = new (country: CountryCode, nationalNumber: string, metadata: MetadataJson) => PhoneNumber;
const RegionNumber = PhoneNumber as unknown as RegionNumberCtor;

/** Valid for `country`, given its national significant number (digits only, no trunk prefix). */
function validIn(country: CountryCode, national: string): boolean {
  try {
    return new RegionNumber(country, national, metadata).isValid();
  } catch {
    return false;
  }
}

/**
 * 2 = a valid number, 1 = only of a possible length, 0 = neither, for "+" and digits ("(0)" removed).
 * The E.164 constructor (about 1 µs) validates against the calling code's main region; only when that
 * fails, and `pickRegion` is set, does the text parser (15–50 µs) pick the region by the leading digits
 * (+1 825 is Canada, not the US). Next to a phone word the region changes nothing but 0.95 vs 0.85, so
 * the parser is skipped there.
 */
function internationalStatus(e164: string, pickRegion: boolean): 0 | 1 | 2 {
  if (e164.length < 8 || e164.length > 16) return 0;
  try {
    const fast = new PhoneNumber(e164 as E164Number, metadata);
    if (fast.isValid()) return 2;
    if (!pickRegion) return fast.isPossible() ? 1 : 0;
    const parsed = parsePhoneNumberFromString(e164, metadata);
    if (parsed?.isValid() === true) return 2;
    return (parsed ?? fast).isPossible() ? 1 : 0;
  } catch {
    return 0;
  }
}

/**
 * Phone numbers in `text`, with scores (see the module table). Spans cover the number and its extension.
 *
 * @example
 * findPhones("Can someone call me on (07) 5331 0577?"); // [{ type: "PHONE_NUMBER", start: 23, end: 37, score: 0.9 }]
 * findPhones("ring +44 20 7946 0958 ext. 12"); // [{ type: "PHONE_NUMBER", start: 5, end: 29, score: 0.95 }]
 */
export function findPhones(text: string): PiiCandidate[] {
  const out: PiiCandidate[] = [];
  CANDIDATE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CANDIDATE_RE.exec(text)) !== null && out.length < 256) {
    let cand = m[0];
    // A trailing ")" only belongs to the number when it closes a "(" inside it.
    while (cand.endsWith(")") && cand.indexOf("(") === -1) cand = cand.slice(0, -1);
    const start = m.index;
    const end = start + cand.length;
    const score = phoneScore(cand, text, start, end);
    if (score > 0) out.push({ type: "PHONE_NUMBER", start, end, score });
  }
  return out;
}

/**
 * Score one candidate (0 = not a phone number).
 *
 * @example
 * phoneScore("415-555-2671", "415-555-2671", 0, 12); // 0.9
 * phoneScore("123-45-6789", "123-45-6789", 0, 11);  // 0 (SSN shape)
 */
export function phoneScore(candidate: string, text: string, start: number, end: number): number {
  const main = candidate.replace(EXTENSION_RE, "");
  if (/[ .\-]{2}|\( |\)\)|\(\(|\(\d*\(|\)\d*\)/.test(main.replace(/\) /g, ")"))) return 0;
  const digits = main.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return 0;
  if (SSN_SHAPE.test(main) || DATE_SHAPE.test(main) || IPV4_SHAPE.test(main)) return 0;
  if (digits.length >= 13 && luhnValid(digits)) return 0;
  const plus = main.startsWith("+");
  const bare = !plus && !/[ .\-(]/.test(main);
  if (bare && digits.length > 12) return 0;
  if (VERSION_BEFORE.test(text.slice(Math.max(0, start - 12), start))) return 0;
  const context =
    CONTEXT_BEFORE.test(text.slice(Math.max(0, start - 40), start)) || CONTEXT_AFTER.test(text.slice(end, end + 16));
  if (bare) {
    // A run of digits is a phone number only next to a phone word, and only when the metadata accepts it.
    if (!context || NOT_PHONE_WORD.test(text.slice(Math.max(0, start - 32), start))) return 0;
    const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
    return validIn("US", national) || validIn("CA", national) || validNationally(digits) ? 0.85 : 0;
  }

  if (plus) {
    const status = internationalStatus(`+${main.replace(/\(0\)/, "").replace(/\D/g, "")}`, !context);
    if (status === 2) return context ? 0.95 : 0.9;
    if (status === 1) return context ? 0.85 : 0.6;
    return context && GROUPED_SHAPE.test(main.slice(1).trim()) ? 0.7 : 0;
  }
  const idd = IDD_RE.exec(main);
  if (idd !== null) {
    const status = internationalStatus(`+${main.slice(idd[0].length).replace(/\(0\)/, "").replace(/\D/g, "")}`, !context);
    if (status === 2) return context ? 0.95 : 0.9;
    if (status === 1 && context) return 0.85;
  }
  const idWord = !context && ID_BEFORE.test(text.slice(Math.max(0, start - 16), start));
  if (idWord) return 0;
  if (NANP_SHAPE.test(main)) {
    const national = digits.length === 11 ? digits.slice(1) : digits;
    if (validIn("US", national) || validIn("CA", national)) return context ? 0.95 : 0.9;
    return context ? 0.85 : 0.45;
  }
  if (TRUNK_SHAPE.test(main) && digits.length >= (context ? 9 : 10) && digits.length <= 12 && validNationally(digits)) return context ? 0.9 : 0.6;
  if (context && (GROUPED_SHAPE.test(main) || PAREN_AREA_SHAPE.test(main))) return 0.8;
  return 0;
}

/**
 * True when `digits` (a national number written with its leading "0") is a valid number in one of
 * NATIONAL_COUNTRIES.
 *
 * @example
 * validNationally("02079460958"); // true (GB)
 * validNationally("0000000000");  // false
 */
export function validNationally(digits: string): boolean {
  if (!digits.startsWith("0")) return false;
  for (const country of NATIONAL_COUNTRIES) if (validIn(country, country === "IT" ? digits : digits.slice(1))) return true;
  return false;
}
