/**
 * Numeric identifiers with validators: payment cards (Luhn + issuer prefix, 13–19 digits, spaces/dashes),
 * US SSNs (SSA area/group/serial rules), IBANs (country length + mod-97) and US bank account/routing
 * numbers (8–17 digits next to account/routing/bank words; ABA checksum for routing numbers).
 */
import type { PiiCandidate } from "./pii-types.ts";
import { abaRoutingValid, ibanValid, knownCardPrefix, luhnValid, ssnValid } from "./validators.ts";

const CARD_RE = /(?<![\w\-.])\d(?:[ \-]?\d){11,18}(?![\w\-]|\.\d)/g;
const CARD_CONTEXT = /\b(?:card|credit|debit|visa|mastercard|master card|amex|american express|discover|cc|pan)\b/i;
const SSN_RE = /(?<![\w\-.])(\d{3})([\- ]?)(\d{2})\2(\d{4})(?![\w\-]|\.\d)/g;
const SSN_CONTEXT = /\b(?:ssn|ss#|ss no|social[\s-]+security|social sec|taxpayer|tin)\b/i;
const IBAN_RE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const BANK_RE =
  /\b(account|acct|a\/c|routing|aba|bank|checking|savings|deposit|wire)\b(?:[ \t]*(?:number|num|no\.?|#|nr|id))?[^\d\n]{0,25}(\d{8,17})(?![\d\-]|\.\d)/dgi;
const EIGHT_DIGITS = /\d{8}/;

/**
 * Payment card numbers: Luhn-valid with a known issuer prefix (0.95), or Luhn-valid next to a card word (0.6).
 *
 * @example
 * findCards("Please block card no 5356890925363056"); // [{ type: "CREDIT_CARD", start: 21, end: 37, score: 0.95 }]
 */
export function findCards(text: string): PiiCandidate[] {
  const out: PiiCandidate[] = [];
  CARD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CARD_RE.exec(text)) !== null && out.length < 256) {
    const digits = m[0].replace(/[ \-]/g, "");
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits) || /^(\d)\1+$/.test(digits)) continue;
    const start = m.index;
    const end = start + m[0].length;
    if (knownCardPrefix(digits)) out.push({ type: "CREDIT_CARD", start, end, score: 0.95 });
    else if (CARD_CONTEXT.test(text.slice(Math.max(0, start - 40), start))) out.push({ type: "CREDIT_CARD", start, end, score: 0.6 });
  }
  return out;
}

/**
 * US SSNs: dashed 0.85 (0.95 with an SSN word nearby), spaced 0.5/0.9, bare 9 digits only with an SSN word.
 *
 * @example
 * findSsns("His social security number is 531-21-7351"); // [{ type: "US_SSN", start: 30, end: 41, score: 0.95 }]
 */
export function findSsns(text: string): PiiCandidate[] {
  const out: PiiCandidate[] = [];
  SSN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SSN_RE.exec(text)) !== null && out.length < 256) {
    const digits = `${m[1]}${m[3]}${m[4]}`;
    if (!ssnValid(digits)) continue;
    const start = m.index;
    const context = SSN_CONTEXT.test(text.slice(Math.max(0, start - 48), start));
    const sep = m[2];
    const score = sep === "-" ? (context ? 0.95 : 0.85) : sep === " " ? (context ? 0.9 : 0.5) : context ? 0.85 : 0;
    if (score > 0) out.push({ type: "US_SSN", start, end: start + m[0].length, score });
  }
  return out;
}

/**
 * IBANs (upper case, optional single spaces between 4-character groups) that pass length and mod-97 checks.
 *
 * @example
 * findIbans("IBAN: GB82 WEST 1234 5698 7654 32."); // [{ type: "IBAN_CODE", start: 6, end: 33, score: 0.95 }]
 */
export function findIbans(text: string): PiiCandidate[] {
  const out: PiiCandidate[] = [];
  IBAN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IBAN_RE.exec(text)) !== null && out.length < 256) {
    let cand = m[0];
    // The optional trailing group may have swallowed the next token: retry without it.
    if (!ibanValid(cand)) {
      const cut = cand.lastIndexOf(" ");
      if (cut <= 4 || !ibanValid((cand = cand.slice(0, cut)))) continue;
    }
    out.push({ type: "IBAN_CODE", start: m.index, end: m.index + cand.length, score: 0.95 });
  }
  return out;
}

/**
 * US bank account / routing numbers next to a banking word: routing with a valid ABA checksum 0.9,
 * account/acct 0.8, other bank words 0.6.
 *
 * @example
 * findBankNumbers("my account number is 123456789012"); // [{ type: "US_BANK_NUMBER", start: 21, end: 33, score: 0.8 }]
 */
export function findBankNumbers(text: string): PiiCandidate[] {
  const out: PiiCandidate[] = [];
  if (!EIGHT_DIGITS.test(text)) return out; // every match holds 8+ digits in a row: one cheap scan first
  BANK_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BANK_RE.exec(text)) !== null && out.length < 256) {
    const span = m.indices?.[2];
    const word = (m[1] ?? "").toLowerCase();
    const digits = m[2] ?? "";
    if (span === undefined) continue;
    let score = 0.6;
    if (word === "routing" || word === "aba") score = abaRoutingValid(digits) ? 0.9 : 0.5;
    else if (word === "account" || word === "acct" || word === "a/c") score = 0.8;
    out.push({ type: "US_BANK_NUMBER", start: span[0], end: span[1], score });
  }
  return out;
}
