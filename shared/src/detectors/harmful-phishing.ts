/**
 * Credential phishing in messages an agent sends (HARMFUL_CONTENT/credential_phishing). The harmful rules
 * catch requests to *write* phishing ("write a phishing email…", subtype fraud_phishing); this module looks
 * at the artefact itself, and only when the text leaves the system as a message: action_type `message`,
 * `email` or `sms`, or a tool whose name says it sends mail or messages (send_email, slack.post_message, …).
 *
 * Signals (hosts are found from their dots in one linear pass; the phrase regexes run only when the
 * trigger automaton saw a credential noun or a call-to-act verb, and only on texts with a link or an ask):
 * - **look-alike domain**: a punycode label (`xn--`), a brand spelt with look-alike characters (`paypa1`,
 *   `rnicrosoft`, `g00gle`), a brand as a subdomain of someone else's domain (`paypal.com.secure-login.net`,
 *   `microsoft.account-check.io`) or as one part of a hyphenated domain (`paypal-secure.com`);
 * - **suspicious link**: an IP-address host, a URL shortener, user-info before the host (`paypal.com@evil.io`),
 *   a throw-away top-level domain, or a domain made of account words (`secure-login-verify.com`);
 * - **credential ask**: "reply with your password / one-time code / PIN / CVV / seed phrase";
 * - **threat urgency**: account suspended or locked, unusual sign-in activity, failure to verify, final notice;
 * - **call to act**: verify / confirm / unlock your account, log in here, click the link.
 *
 * | evidence | score |
 * |---|---|
 * | credential ask | 0.8 (0.9 with any other signal) |
 * | look-alike domain | 0.65 alone; 0.9 with urgency, a call to act or a credential ask |
 * | suspicious link + threat urgency + call to act | 0.85 |
 * | threat urgency + call to act + an ordinary link | 0.6 (a real dunning e-mail looks like this: no block) |
 *
 * Ordinary transactional messages (a password reset the user asked for, order and shipping notices, bank
 * statements, one-time codes that say "never share this code") carry no credential ask, no look-alike and no
 * threat, and pass. Talk-about context still applies to the evidence span, and a message that explicitly
 * warns about phishing ("this is a phishing attempt", "do not click", "report it to …") is awareness, not
 * phishing (score ≤ 0.3).
 */
import type { Finding } from "../schemas/finding.ts";
import { applyTalk, talkFactor } from "./talk-about.ts";
import { compileTriggers, hitAny } from "./triggers.ts";
import { makeFinding, type DetectorInput } from "./types.ts";

const OUTBOUND_ACTION_TYPES: ReadonlySet<string> = new Set(["message", "email", "sms"]);
const MESSAGING_TOOL = /(?:^|[^a-z])(?:e?mail|sms|text_message|message|messages|send|notify|notification|reply|slack|teams|whatsapp|telegram|post_message|chat)(?:[^a-z]|$)/i;

/**
 * Whether a detector input is an outgoing message (where a phishing artefact is the doing).
 *
 * @example
 * isOutgoingMessage({ text: "hi", action_type: "message" });                              // true
 * isOutgoingMessage({ text: "hi", action_type: "tool_call", tool: { name: "send_email" } }); // true
 * isOutgoingMessage({ text: "hi", action_type: "query" });                                // false
 */
export function isOutgoingMessage(input: DetectorInput): boolean {
  if (input.action_type !== undefined && OUTBOUND_ACTION_TYPES.has(input.action_type)) return true;
  return input.tool !== undefined && MESSAGING_TOOL.test(input.tool.name);
}

/** Brands phishers imitate most; a registrable domain whose label is exactly the brand is the brand's own. */
const BRANDS = [
  "paypal", "microsoft", "office365", "outlook", "apple", "icloud", "google", "gmail", "amazon", "netflix", "facebook",
  "instagram", "whatsapp", "linkedin", "dropbox", "docusign", "adobe", "fedex", "usps", "chase", "wellsfargo",
  "bankofamerica", "citibank", "hsbc", "barclays", "santander", "coinbase", "binance", "ebay", "spotify", "yahoo",
  "twitter", "github", "okta", "salesforce", "stripe", "revolut", "monzo", "americanexpress", "steam", "metamask",
];
const BRAND_SET: ReadonlySet<string> = new Set(BRANDS);
/** Short brand names only count as a subdomain when followed by their own TLD (`irs.gov.refund-now.com`). */
const SHORT_BRANDS: ReadonlySet<string> = new Set(["irs", "hmrc", "dhl", "ups", "amex", "bank"]);
const SECOND_LEVEL: ReadonlySet<string> = new Set(["co", "com", "org", "net", "gov", "ac", "edu", "ne", "or"]);
const SHORTENERS: ReadonlySet<string> = new Set(["bit.ly", "tinyurl.com", "t.co", "goo.gl", "is.gd", "cutt.ly", "rebrand.ly", "ow.ly", "buff.ly", "shorturl.at", "rb.gy", "t.ly", "tiny.cc"]);
const THROWAWAY_TLDS: ReadonlySet<string> = new Set(["zip", "top", "xyz", "click", "country", "gq", "tk", "ml", "cf", "ga", "work", "rest", "fit", "cam", "icu", "support", "live", "buzz"]);
const ACCOUNT_WORDS = /^(?:secure|security|login|log|signin|sign|verify|verification|account|accounts|update|auth|wallet|support|confirm|billing|recovery|unlock|service|helpdesk|id)$/;

/** Gates (trigger automaton, shared scan): a credential noun for the ask, a verb for the call to act. */
const ASK_GATE = compileTriggers(["password", "passcode", "pass", "pin", "one-time", "otp", "2fa", "mfa", "verification", "security", "authentication", "authenticator", "sms", "cvv", "cvc", "card", "login", "credentials", "username", "seed", "recovery", "private", "code"]);
const ACT_GATE = compileTriggers(["verify", "confirm", "validate", "unlock", "restore", "reactivate", "re-activate", "secure", "re-enter", "reenter", "authenticate", "update", "click", "tap", "follow", "visit", "open", "log", "login", "sign", "signin"]);

const URGENCY_STRONG = new RegExp(
  "\\b(?:(?:account|access|card|mailbox|e-?mail|service|profile|subscription|wallet|membership)\\s+(?:has\\s+been|will\\s+be|is\\s+being|is|was|may\\s+be)\\s+(?:temporarily\\s+|permanently\\s+|now\\s+)?(?:suspended|locked|closed|terminated|disabled|deactivated|restricted|limited|blocked|frozen|on\\s+hold|deleted|compromised)" +
    "|(?:unusual|suspicious|unauthori[sz]ed|irregular|fraudulent|unrecogni[sz]ed)\\s+(?:activity|sign-?ins?|log-?ins?|login\\s+attempts?|access|transactions?|charges?|payments?)" +
    "|failure\\s+to\\s+(?:verify|confirm|comply|update|respond|validate)|avoid\\s+(?:suspension|closure|termination|deactivation|losing\\s+access|permanent)" +
    "|final\\s+(?:notice|warning)|last\\s+warning|legal\\s+action|(?:will\\s+be|are)\\s+(?:permanently\\s+)?(?:lost|deleted)\\s+(?:within|in|after)\\b)",
  "i",
);
const URGENCY_WEAK = /\b(?:urgent(?:ly)?|immediately|act\s+now|right\s+away|as\s+soon\s+as\s+possible|within\s+(?:\d{1,2}|twenty-four|forty-eight)\s+hours|today\s+only|expires?\s+today)\b/gi;
const CALL_TO_ACT =
  /\b(?:(?:verify|confirm|validate|unlock|restore|reactivate|re-activate|secure|re-?enter|authenticate|update)\s+(?:your\s+)?(?:account|identity|details|information|info|payment\s+(?:details|information|method)|billing\s+(?:details|information)|credentials|password|login|card|bank\s+details|access)|(?:click|tap|follow|visit|open)\s+(?:on\s+)?(?:the\s+|this\s+)?(?:link|button|url|here)|(?:log|sign)\s*-?in\s+(?:here|now|below|at|via|using|to\s+(?:verify|confirm|restore|unlock)))\b/i;
const CREDENTIAL_ASK =
  /\b(?:reply|respond|send|text|provide|give|tell|share|forward|read\s+(?:out|back)|email|call\s+us\s+with)\s+(?:it\s+)?(?:to\s+)?(?:us\s+|me\s+|back\s+)?(?:with\s+)?(?:the\s+(?:one[-\s]time\s+|verification\s+|security\s+|6-digit\s+|six-digit\s+)?code\s+(?:we|i|that\s+we)\s+(?:just\s+)?(?:sent|texted|emailed)|your\s+(?:current\s+|full\s+|account\s+|login\s+|online\s+banking\s+|bank\s+|card\s+|6-digit\s+|six-digit\s+)?(?:password|passcode|pass\s+code|pin(?:\s+(?:number|code))?|one[-\s]time\s+(?:password|code|passcode|pin)|otp(?:\s+code)?|2fa\s+code|mfa\s+code|verification\s+code|security\s+code|authenticat(?:ion|or)\s+code|sms\s+code|cvv|cvc|card\s+number|login\s+(?:details|credentials)|credentials|username\s+and\s+password|seed\s+phrase|recovery\s+phrase|private\s+key|code\s+(?:we|i|that\s+we)\s+(?:just\s+)?(?:sent|texted|emailed)))\b(?!\s*(?:reset|change|recovery|manager|policy|requirements?|rules|strength|hint|expir\w*|link|form|page|settings|field))/i;
const AWARENESS =
  /\b(?:(?:this|that|it)\s+(?:is|was|looks\s+like|seems\s+to\s+be|appears\s+to\s+be)\s+(?:a\s+)?(?:phishing|scam|fraud)|(?:do\s+not|don'?t|never)\s+click|report\s+(?:it|this|them|the\s+(?:message|email|e-mail))\s+(?:to|as)\b|phishing\s+(?:example|simulation|awareness|training|test|alert|warning|attempts?))/i;

interface Host {
  start: number;
  end: number;
  lookalike: boolean;
  suspicious: boolean;
  url: boolean;
}

/**
 * HARMFUL_CONTENT/credential_phishing findings for an outgoing message (none for other actions).
 *
 * @example
 * detectCredentialPhishing({ text: "URGENT: your account has been suspended. Verify your account at http://paypa1-secure.com/login", action_type: "message" })[0].score; // 0.9
 * detectCredentialPhishing({ text: "Your order #1234 has shipped. Track it at https://www.amazon.com/orders", action_type: "message" }); // []
 */
export function detectCredentialPhishing(input: DetectorInput): Finding[] {
  if (!isOutgoingMessage(input)) return [];
  const text = input.text.length > 65_536 ? input.text.slice(0, 65_536) : input.text;
  const hosts = parseHosts(text);
  const ask = hitAny(input, ASK_GATE) ? CREDENTIAL_ASK.exec(text) : null;
  if (hosts.length === 0 && ask === null) return [];
  const act = hitAny(input, ACT_GATE) ? CALL_TO_ACT.exec(text) : null;
  const lookalike = hosts.find((h) => h.lookalike);
  if (lookalike === undefined && ask === null && act === null) return [];
  const strong = URGENCY_STRONG.exec(text);
  const urgent = strong !== null || countWeak(text) >= 2;
  const suspicious = hosts.find((h) => h.suspicious);
  const link = hosts.find((h) => h.url);

  let score = 0;
  let span: [number, number] | undefined;
  if (lookalike !== undefined) {
    score = urgent || act !== null || ask !== null ? 0.9 : 0.65;
    span = [lookalike.start, lookalike.end];
  }
  if (ask !== null) {
    const s = urgent || act !== null || lookalike !== undefined || suspicious !== undefined ? 0.9 : 0.8;
    if (s > score) {
      score = s;
      span = [ask.index, ask.index + ask[0].length];
    }
  }
  if (score < 0.85 && strong !== null && act !== null && suspicious !== undefined) {
    score = 0.85;
    span = [suspicious.start, suspicious.end];
  }
  if (score < 0.6 && strong !== null && act !== null && link !== undefined) {
    score = 0.6;
    span = [link.start, link.end];
  }
  if (span === undefined || score === 0) return [];
  let factor = talkFactor(input, span[0], span[1], "full");
  if (AWARENESS.test(text)) factor = Math.min(factor, 0.3);
  return [makeFinding("HARMFUL_CONTENT", "credential_phishing", span[0], span[1], applyTalk(score, factor), "harmful")];
}

function countWeak(text: string): number {
  URGENCY_WEAK.lastIndex = 0;
  let n = 0;
  while (URGENCY_WEAK.exec(text) !== null && n < 2) n++;
  return n;
}

const isHostChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 46;
const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
const SCHEME_BEFORE = /(?:https?|hxxps?):\/\/$/i;
const PATH_RE = /\/[^\s<>"')]{0,512}/y;

/**
 * Host names in the text, found from their dots (one linear pass: prose has few dots), with the URL
 * around them: a scheme or `www.` before, user-info (`paypal.com@evil.io`: the host is after the `@`), a path.
 */
function parseHosts(text: string): Host[] {
  const out: Host[] = [];
  let from = 0;
  let guard = 0;
  /** Start of a URL whose user-info ended at the last "@" (the host after it is the real one), or -1. */
  let userinfoFrom = -1;
  let userinfoAt = -1;
  while (out.length < 64 && guard++ < 4096) {
    const dot = text.indexOf(".", from);
    if (dot < 0) break;
    if (dot === 0 || !isAlnum(text.charCodeAt(dot - 1)) || !isAlnum(text.charCodeAt(dot + 1))) {
      from = dot + 1;
      continue;
    }
    let start = dot;
    while (start > 0 && dot - start < 256 && isHostChar(text.charCodeAt(start - 1))) start--;
    let end = dot + 1;
    while (end < text.length && end - dot < 256 && isHostChar(text.charCodeAt(end))) end++;
    from = end + 1;
    let raw = text.slice(start, end);
    while (raw.endsWith(".") || raw.endsWith("-")) raw = raw.slice(0, -1);
    while (raw.startsWith(".") || raw.startsWith("-")) {
      raw = raw.slice(1);
      start++;
    }
    const hostEnd = start + raw.length;
    // user-info: "http://paypal.com@evil.io" — the real host follows the "@".
    const userinfo = text.charCodeAt(hostEnd) === 64 && isAlnum(text.charCodeAt(hostEnd + 1));
    if (userinfo) {
      from = hostEnd + 1;
      const before = text.slice(Math.max(0, start - 8), start);
      const at = before.search(SCHEME_BEFORE);
      if (at >= 0) {
        userinfoFrom = start - before.length + at;
        userinfoAt = hostEnd;
      }
      continue;
    }
    const labels = raw.split(".");
    const last = labels[labels.length - 1] as string;
    if (labels.length < 2 || !/^[a-z]{2,24}$/i.test(last) && !/^\d{1,3}$/.test(last)) continue;
    const before = text.slice(Math.max(0, start - 8), start);
    const scheme = SCHEME_BEFORE.test(before);
    const www = /^www\./i.test(raw);
    // "…gmail.com.The next…": a capitalised last label without a scheme is the next sentence, not a TLD.
    if (!scheme && /^[A-Z][a-z]+$/.test(last)) continue;
    const withUserinfo = userinfoFrom >= 0 && userinfoAt === start - 1;
    const urlFrom = userinfoFrom;
    userinfoFrom = -1;
    const host = raw.toLowerCase();
    const lower = host.split(".");
    const ip = /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);
    if (!ip && lower.some((l) => l.length === 0 || l.length > 63)) continue;
    let urlEnd = hostEnd;
    PATH_RE.lastIndex = hostEnd;
    const path = PATH_RE.exec(text);
    if (path !== null) urlEnd = hostEnd + path[0].length;
    const url = scheme || www || path !== null || withUserinfo;
    const lookalike = !ip && isLookalike(lower);
    const suspicious = lookalike || ip || withUserinfo || isSuspiciousHost(host, lower);
    if (!url && !lookalike && !suspicious) continue;
    const urlStart = scheme ? start - (before.length - before.search(SCHEME_BEFORE)) : start;
    out.push({ start: withUserinfo ? urlFrom : urlStart, end: urlEnd, lookalike, suspicious, url: url || lookalike });
    from = Math.max(from, urlEnd);
  }
  return out;
}

/** Index of the registrable label (`example` in `a.example.co.uk`). */
function registrableIndex(labels: readonly string[]): number {
  const n = labels.length;
  if (n >= 3 && (labels[n - 1] as string).length === 2 && SECOND_LEVEL.has(labels[n - 2] as string)) return n - 3;
  return n - 2;
}

function isLookalike(labels: readonly string[]): boolean {
  if (labels.some((l) => l.startsWith("xn--"))) return true;
  const reg = registrableIndex(labels);
  if (reg < 0) return false;
  const own = labels[reg] as string;
  if (BRAND_SET.has(own)) return false;
  for (let i = 0; i <= reg; i++) {
    const label = labels[i] as string;
    for (const part of label.split("-")) {
      if (part.length < 3) continue;
      if (BRAND_SET.has(part)) {
        // A brand as someone else's subdomain, or as one part of a hyphenated registrable label.
        if (i < reg || label !== part) return true;
      } else if (deconfused(part).some((d) => BRAND_SET.has(d))) return true;
    }
    if (i < reg && SHORT_BRANDS.has(label) && /^(?:com|gov|org|net|co)$/.test(labels[i + 1] ?? "")) return true;
  }
  return false;
}

/** The label with look-alike characters undone (two readings of `1`: l and i). */
function deconfused(label: string): string[] {
  if (!/[0-9]|rn|vv/.test(label)) return [];
  const base = label.replaceAll("rn", "m").replaceAll("vv", "w").replaceAll("0", "o").replaceAll("3", "e").replaceAll("4", "a").replaceAll("5", "s").replaceAll("7", "t");
  return [base.replaceAll("1", "l"), base.replaceAll("1", "i")];
}

function isSuspiciousHost(host: string, labels: readonly string[]): boolean {
  if (SHORTENERS.has(host)) return true;
  if (THROWAWAY_TLDS.has(labels[labels.length - 1] as string)) return true;
  const reg = registrableIndex(labels);
  if (reg < 0) return false;
  const words = (labels[reg] as string).split("-");
  return words.length >= 2 && words.filter((w) => ACCOUNT_WORDS.test(w)).length >= 2;
}
