/**
 * Phone numbers. Strong shapes (NANP with valid area/exchange codes, "+CC …" international numbers,
 * parenthesised area codes) are reported on their own; other digit groupings only next to a phone word
 * ("call me on", "Mobile:", "… fax"). Dates, IPv4 addresses, SSNs and card numbers are excluded.
 */
import type { PiiCandidate } from "./pii-types.ts";
import { luhnValid } from "./validators.ts";

const CANDIDATE_RE = /(?<![\w+\-.\/@])(?:\+ ?)?\(?\d[\d .\-()]{5,24}\d(?: ?(?:x|ext\.?|extension) ?\d{1,6})?(?![\w\-]|\.\d)/gi;
const EXTENSION_RE = / ?(?:x|ext\.?|extension) ?\d{1,6}$/i;
const NANP_RE = /^(?:\+ ?1[ .\-]?|1[ .\-]|001[ .\-]?)?(?:\([2-9]\d\d\) ?|[2-9]\d\d[ .\-])[2-9]\d\d[ .\-]\d{4}$/;
const INTL_RE = /^(?:\+ ?|00)[1-9]\d{0,3}(?:[ .\-]?\(?\d{1,5}\)?){2,6}$/;
const PAREN_AREA_RE = /^\(\d{1,4}\) ?\d{2,5}(?:[ .\-]\d{2,5}){1,3}$/;
const GROUPED_RE = /^\d{1,5}(?:[ .\-]\d{1,5}){1,5}$/;
const SSN_SHAPE = /^\d{3}-\d{2}-\d{4}$/;
const DATE_SHAPE = /^(?:\d{4}[\-.\/ ]\d{1,2}[\-.\/ ]\d{1,2}|\d{1,2}[\-.\/ ]\d{1,2}[\-.\/ ]\d{2,4})$/;
const IPV4_SHAPE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const CONTEXT_BEFORE =
  /\b(?:call(?:ed|ing)?|phone|tel|telephone|mobile|cell(?:phone)?|fax|desk|office|contact|reach|text|sms|whatsapp|number|dial|ring|hotline|helpline|landline)\b[^\n\d]{0,24}$/i;
const CONTEXT_AFTER = /^[ \t]*[(\[]?(?:office|fax|mobile|cell|home|work|desk|phone|tel)\b/i;

/**
 * Phone numbers in `text`, with scores: 0.9 NANP / international, 0.8 with a phone word, 0.7 "(07) …".
 *
 * @example
 * findPhones("Can someone call me on (07) 5331 0577?"); // [{ type: "PHONE_NUMBER", start: 23, end: 37, score: 0.8 }]
 */
export function findPhones(text: string): PiiCandidate[] {
  const out: PiiCandidate[] = [];
  CANDIDATE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CANDIDATE_RE.exec(text)) !== null && out.length < 256) {
    const start = m.index;
    const end = start + m[0].length;
    const score = phoneScore(m[0], text, start, end);
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
  if (/[ .\-]{2}|\( |\)\)|\(\(/.test(main.replace(/\) /g, ")"))) return 0;
  const digits = main.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return 0;
  if (SSN_SHAPE.test(main) || DATE_SHAPE.test(main) || IPV4_SHAPE.test(main)) return 0;
  if (digits.length >= 13 && luhnValid(digits)) return 0;
  if (!/[ .\-(]/.test(main) && !main.startsWith("+")) return 0;
  const context =
    CONTEXT_BEFORE.test(text.slice(Math.max(0, start - 40), start)) || CONTEXT_AFTER.test(text.slice(end, end + 16));
  if (NANP_RE.test(main)) return context ? 0.95 : 0.9;
  if (INTL_RE.test(main) && digits.length >= 8) return context ? 0.95 : 0.85;
  if (PAREN_AREA_RE.test(main)) return context ? 0.8 : 0.7;
  if (GROUPED_RE.test(main) && context) return 0.8;
  return 0;
}
