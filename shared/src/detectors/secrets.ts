/**
 * The secrets detector: provider tokens with fixed shapes (secrets-rules.ts), PEM private keys, and
 * generic high-entropy values assigned to key/secret/token/password names (found operator-first, so the
 * scan stays linear). Documentation placeholders (AKIA…EXAMPLE, "your-api-key", xxxx, ${VAR}) score low:
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
    out.push(makeFinding("SECRET", "private_key", m.index, end, /[A-Za-z0-9+\/]{40}/.test(body) ? 0.99 : 0.5, "secrets"));
    PEM_BEGIN.lastIndex = end;
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
  if (/^(?:true|false|null|none|undefined|required|optional|string|number)$/i.test(value)) return 0;
  const h = shannonEntropy(value);
  const classes = +/[a-z]/.test(value) + +/[A-Z]/.test(value) + +/\d/.test(value) + +/[^A-Za-z0-9]/.test(value);
  if (value.length >= 16 && h >= 3.5 && classes >= 2) return 0.85;
  if (isPassword && value.length >= 8 && classes >= 2) return 0.7;
  if (value.length >= 20 && h >= 4 && classes >= 2) return 0.7;
  return 0;
}

/** The secrets detector (type SECRET). */
export const secretsDetector: Detector = { id: "secrets", types: ["SECRET"], detect: detectSecrets };
