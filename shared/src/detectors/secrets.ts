/**
 * The secrets detector: provider tokens with fixed shapes (secrets-rules.ts), AWS secret access keys (a
 * 40-character value next to a key id or after "secret access key" words), GCP service-account JSON, PEM
 * private keys, and generic high-entropy values assigned to key/secret/token/password names (found
 * operator-first, so the scan stays linear). Documentation placeholders (AKIA…EXAMPLE, "your-api-key", xxxx, ${VAR}) score low:
 * that is talking about a secret, not leaking one.
 */
import type { Finding } from "../schemas/finding.ts";
import { shannonEntropy } from "./entropy.ts";
import { PLACEHOLDER, SECRET_RULES, type SecretRule } from "./secrets-rules.ts";
import { compileTriggers, hitAny } from "./triggers.ts";
import { makeFinding, type Detector, type DetectorInput } from "./types.ts";

const PEM_BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/g;
const OPERATOR_RE = /=>|:=|[:=]|\bis\b/g;
const KEY_BEFORE =
  /(?:api[_\-.]?key|apikey|secret|token|passw(?:or)?d|passwd|pwd|access[_\-.]?key|auth[_\-.]?key|client[_\-.]?secret|credentials?|private[_\-.]?key|signing[_\-.]?key)[\w.\-]{0,24}["']?\s{0,3}$/i;
const VALUE_AFTER = /^\s{0,3}["'`]?([^\s"'`,;<>{}()\[\]]{8,256})/;
const BEARER_RE = /\b(?:bearer|token)\s+([A-Za-z0-9_\-.~+\/]{20,512}=*)/dgi;
const BEARER_T = compileTriggers(["bearer", "token"]);

/** A 40-character base64-alphabet run, not part of a longer one (AWS secret access key shape). */
const AWS_SECRET_RE = /(?<![A-Za-z0-9\/+=])[A-Za-z0-9\/+]{40}(?![A-Za-z0-9\/+=])/g;
const AWS_KEY_ID_RE = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
/** "secret access key", "SecretAccessKey", "aws_secret", "secret key" shortly before the value. */
const AWS_SECRET_WORDS = /(?:secret[_\-.\s]?access[_\-.\s]?key|aws[_\-.\s]?secret|secret[_\-.\s]?key)[^\n]{0,40}$/i;
/** Names of variables/fields holding an AWS secret (for `name = value`). */
const AWS_SECRET_NAME = /aws|secret[_\-.]?access/i;
/** How far (characters) a key id may be from its secret to count as "next to" it. */
const AWS_PAIR_DISTANCE = 320;
const AWS_KEY_ID_T = compileTriggers(["akia", "asia"]);
const AWS_WORDS_T = compileTriggers(["secret", "aws", "secretaccesskey"]);

const GCP_T = compileTriggers(["service_account"]);
const GCP_TYPE_RE = /"type"\s{0,4}:\s{0,4}"service_account"/;
const GCP_FIELD_RE = /"(private_key_id|private_key)"\s{0,4}:\s{0,4}"((?:[^"\\\n]|\\.){8,8192})"/dg;

/**
 * Secrets in `input.text`, one finding per value (spans only, never the value).
 *
 * @example
 * detectSecrets({ text: "export GITHUB_TOKEN=ghp_" + "a".repeat(36) })[0].subtype; // "github_token"
 */
export function detectSecrets(input: DetectorInput): Finding[] {
  const text = input.text;
  const out: Finding[] = [];
  for (const rule of SECRET_RULES) if (rule.triggerIds === undefined || hitAny(input, rule.triggerIds)) scanSecretRule(text, rule, out);
  if (hitAny(input, GCP_T)) scanGcpServiceAccount(text, out);
  const pairs = hitAny(input, AWS_KEY_ID_T);
  if (pairs || hitAny(input, AWS_WORDS_T)) scanAwsSecrets(text, pairs, out);
  if (text.indexOf("-----BEGIN") !== -1) scanPem(text, out);
  scanAssignments(text, out);
  if (hitAny(input, BEARER_T)) scanBearer(text, out);
  return out;
}

function scanSecretRule(text: string, rule: SecretRule, out: Finding[]): void {
  rule.re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = rule.re.exec(text)) !== null && n++ < 64) {
    const span = rule.group === undefined ? ([m.index, m.index + m[0].length] as const) : m.indices?.[rule.group];
    if (span === undefined) continue;
    const score = PLACEHOLDER.test(text.slice(span[0], span[1])) ? 0.3 : rule.score;
    out.push(makeFinding("SECRET", rule.subtype, span[0], span[1], score, "secrets"));
  }
}

function scanPem(text: string, out: Finding[]): void {
  PEM_BEGIN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PEM_BEGIN.exec(text)) !== null) {
    const endMarker = `-----END ${m[1]}-----`;
    const endAt = text.indexOf(endMarker, m.index);
    const end = endAt === -1 ? text.length : endAt + endMarker.length;
    const body = text.slice(m.index + m[0].length, endAt === -1 ? end : endAt);
    PEM_BEGIN.lastIndex = end;
    if (overlapsAny(out, m.index, end)) continue; // already inside a GCP service-account key
    out.push(makeFinding("SECRET", "private_key", m.index, end, /[A-Za-z0-9+\/]{40}/.test(body) ? 0.99 : 0.5, "secrets"));
  }
}

/** `name = value`, `name: value`, `name is value` where the name looks secret: operator first, name behind. */
function scanAssignments(text: string, out: Finding[]): void {
  OPERATOR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = OPERATOR_RE.exec(text)) !== null && n < 64) {
    const before = text.slice(Math.max(0, m.index - 48), m.index);
    if (!KEY_BEFORE.test(before)) continue;
    const opEnd = m.index + m[0].length;
    const v = VALUE_AFTER.exec(text.slice(opEnd, opEnd + 270));
    if (v === null) continue;
    n++;
    const value = v[1] ?? "";
    const end = opEnd + v[0].length;
    const start = end - value.length;
    if (out.some((f) => f.start < end && start < f.end)) continue;
    if (AWS_SECRET_NAME.test(before) && awsSecretShape(value)) {
      out.push(makeFinding("SECRET", "aws_secret_key", start, end, PLACEHOLDER.test(value) ? 0.3 : 0.95, "secrets"));
      continue;
    }
    const score = genericSecretScore(value, /passw|pwd/i.test(before));
    if (score > 0) out.push(makeFinding("SECRET", "generic_secret", start, end, score, "secrets"));
  }
}

function scanBearer(text: string, out: Finding[]): void {
  BEARER_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = BEARER_RE.exec(text)) !== null && n++ < 64) {
    const span = m.indices?.[1];
    if (span === undefined || out.some((f) => f.start < span[1] && span[0] < f.end)) continue;
    const score = genericSecretScore(m[1] ?? "", false);
    if (score > 0) out.push(makeFinding("SECRET", "generic_secret", span[0], span[1], score, "secrets"));
  }
}

/**
 * Score of a value assigned to a secret-like name: high-entropy (≥ 3.5 bits/char, mixed classes) 0.85,
 * passwords (≥ 8 chars, two character classes) 0.7, long random-looking values 0.7, placeholders 0.
 *
 * @example
 * genericSecretScore("q8Zr2LxN0vTy7KpWm3Hs", false); // 0.85
 * genericSecretScore("your-api-key-here", false);    // 0
 */
export function genericSecretScore(value: string, isPassword: boolean): number {
  if (PLACEHOLDER.test(value) || /^[a-z_]+$/i.test(value) || /^\d+$/.test(value)) return 0;
  if (/^pk_(?:live|test)_/.test(value)) return 0; // Stripe publishable keys are public by design
  if (/^(?:true|false|null|none|undefined|required|optional|string|number)$/i.test(value)) return 0;
  const h = shannonEntropy(value);
  const classes = +/[a-z]/.test(value) + +/[A-Z]/.test(value) + +/\d/.test(value) + +/[^A-Za-z0-9]/.test(value);
  if (value.length >= 16 && h >= 3.5 && classes >= 2) return 0.85;
  if (isPassword && value.length >= 8 && classes >= 2) return 0.7;
  if (value.length >= 20 && h >= 4 && classes >= 2) return 0.7;
  return 0;
}

function overlapsAny(out: readonly Finding[], start: number, end: number): boolean {
  return out.some((f) => f.start < end && start < f.end);
}

/**
 * Whether `value` has the shape of an AWS secret access key: 40 characters of the base64 alphabet with
 * upper case, lower case and digits, and random-looking (≥ 4.2 bits per character). Git SHA-1s (hex, no
 * upper case) and words do not pass.
 *
 * @example
 * awsSecretShape("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"); // true (AWS documentation example)
 * awsSecretShape("da39a3ee5e6b4b0d3255bfef95601890afd80709"); // false (a SHA-1)
 */
export function awsSecretShape(value: string): boolean {
  return (
    value.length === 40 &&
    /^[A-Za-z0-9\/+]+$/.test(value) &&
    /[A-Z]/.test(value) &&
    /[a-z]/.test(value) &&
    /\d/.test(value) &&
    shannonEntropy(value) >= 4.2
  );
}

/**
 * AWS secret access keys that no assignment names: a 40-character value within 320 characters of an
 * access key id (AKIA…/ASIA…), or right after "secret access key" / "aws secret" / "secret key" words
 * (the key id elsewhere or absent). 0.95 with both, 0.9 with one; documentation placeholders 0.3.
 */
function scanAwsSecrets(text: string, pairs: boolean, out: Finding[]): void {
  const ids: number[] = [];
  if (pairs) {
    AWS_KEY_ID_RE.lastIndex = 0;
    let k: RegExpExecArray | null;
    while ((k = AWS_KEY_ID_RE.exec(text)) !== null && ids.length < 64) ids.push(k.index);
  }
  AWS_SECRET_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = AWS_SECRET_RE.exec(text)) !== null && n < 64) {
    const value = m[0];
    const start = m.index;
    const end = start + value.length;
    if (!awsSecretShape(value) || overlapsAny(out, start, end)) continue;
    const near = ids.some((i) => Math.abs(i - start) <= AWS_PAIR_DISTANCE);
    const worded = AWS_SECRET_WORDS.test(text.slice(Math.max(0, start - 64), start));
    if (!near && !worded) continue;
    n++;
    const score = PLACEHOLDER.test(value) ? 0.3 : near && worded ? 0.95 : 0.9;
    out.push(makeFinding("SECRET", "aws_secret_key", start, end, score, "secrets"));
  }
}

/**
 * GCP service-account key files (JSON with `"type": "service_account"`): the `private_key` value (the PEM
 * with its `\n` escapes, 0.99) and the `private_key_id` (40 hex digits, 0.9) are each one finding.
 */
function scanGcpServiceAccount(text: string, out: Finding[]): void {
  if (!GCP_TYPE_RE.test(text)) return;
  GCP_FIELD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = GCP_FIELD_RE.exec(text)) !== null && n++ < 64) {
    const span = m.indices?.[2];
    const value = m[2] ?? "";
    if (span === undefined || overlapsAny(out, span[0], span[1])) continue;
    const isKey = m[1] === "private_key";
    const shaped = isKey ? /PRIVATE KEY/.test(value) && /[A-Za-z0-9+\/]{40}/.test(value) : /^[0-9a-f]{40}$/i.test(value);
    if (!shaped) continue;
    const score = PLACEHOLDER.test(isKey ? value.replace(/-----(?:BEGIN|END) PRIVATE KEY-----/g, "") : value) ? 0.3 : isKey ? 0.99 : 0.9;
    out.push(makeFinding("SECRET", "gcp_service_account", span[0], span[1], score, "secrets"));
  }
}

/** The secrets detector (type SECRET). */
export const secretsDetector: Detector = { id: "secrets", types: ["SECRET"], detect: detectSecrets };
