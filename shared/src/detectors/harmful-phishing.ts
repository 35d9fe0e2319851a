/**
 * Credential phishing in messages an agent sends (HARMFUL_CONTENT/credential_phishing). The harmful rules
 * catch requests to *write* phishing ("write a phishing email…", subtype fraud_phishing); this module looks
 * at the artefact itself, and only when the text leaves the system as a message: action_type `message`,
 * `email` or `sms`, or a tool whose name says it sends mail or messages (send_email, slack.post_message, …).
 *
 * Signals (each a bounded, linear regex pass; hosts are parsed once):
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

// A URL with a scheme or www., or a bare host name; the host is group 2 (user-info, when present, group 1).
const HOST_RE = /\b(?:(?:https?|hxxps?):\/\/([^\s\/@<>"']{1,64}@)?|www\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}[a-z]{2,24}|xn--[a-z0-9-]{1,59}(?:\.[a-z0-9-]{1,63}){1,8}|\d{1,3}(?:\.\d{1,3}){3})(?![\w-])(\/[^\s<>"')]{0,512})?/gi;

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
  const ask = CREDENTIAL_ASK.exec(text);
  const act = CALL_TO_ACT.exec(text);
  const strong = URGENCY_STRONG.exec(text);
  const weak = countWeak(text);
  const urgent = strong !== null || weak >= 2;
  const lookalike = hosts.find((h) => h.lookalike);
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
  if (score < 0.6 && strong !== null && act !== null && (link !== undefined || /\b(?:click|tap)\s+here\b/i.test(text))) {
    score = 0.6;
    span = link === undefined ? [act.index, act.index + act[0].length] : [link.start, link.end];
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

function parseHosts(text: string): Host[] {
  const out: Host[] = [];
  HOST_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = HOST_RE.exec(text)) !== null && out.length < 64) {
    const whole = m[0];
    const host = (m[2] ?? "").toLowerCase();
    const url = /^(?:https?|hxxps?):\/\/|^www\./i.test(whole) || m[3] !== undefined;
    const labels = host.split(".");
    // "…gmail.com.The next…": a capitalised last label without a scheme is the next sentence, not a TLD.
    const last = (m[2] ?? "").slice((m[2] ?? "").lastIndexOf(".") + 1);
    if (!/^(?:https?|hxxps?):\/\//i.test(whole) && /^[A-Z][a-z]+$/.test(last)) continue;
    const ip = /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);
    if (!url && !ip && labels.length < 2) continue;
    const lookalike = !ip && isLookalike(labels);
    const suspicious = lookalike || ip || m[1] !== undefined || isSuspiciousHost(host, labels);
    // Bare words like "e.g" or "file.txt" are hosts to the regex; only the ones that matter are kept.
    if (!url && !lookalike && !suspicious) continue;
    out.push({ start: m.index, end: m.index + whole.length, lookalike, suspicious, url: url || lookalike });
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
