/**
 * Provider token shapes for the secrets detector: AWS, GitHub, GitLab, Slack, Stripe, OpenAI, Azure and
 * JWTs. Each rule has trigger stems (triggers.ts) so it only runs when its prefix occurs.
 *
 * Stripe publishable keys (`pk_live_…`, `pk_test_…`) are not reported: Stripe meant them to be shipped in
 * web pages and apps, so redacting them protects nothing and a finding would only be noise.
 */
import { compileTriggers, type TriggerIds } from "./triggers.ts";

/** One provider token rule. */
export interface SecretRule {
  subtype: string;
  re: RegExp;
  score: number;
  /** Capture group holding the secret value (span and placeholder check). */
  group?: number;
  /** Trigger stems: the rule runs only when one occurs. */
  triggers: readonly string[];
  /** Compiled at module load. */
  triggerIds?: TriggerIds;
}

/** Provider token rules, most specific first. */
export const SECRET_RULES: readonly SecretRule[] = [
  {
    subtype: "aws_access_key",
    re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/g,
    score: 0.95,
    triggers: ["akia", "asia", "agpa", "aida", "aroa", "aipa", "anpa", "anva"],
  },
  {
    subtype: "aws_secret_key",
    re: /\baws[_\-.\s]?(?:secret[_\-.\s]?(?:access[_\-.\s]?)?key|sak)["']?\s{0,3}(?:[:=]|=>)\s{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/dgi,
    score: 0.95,
    group: 1,
    triggers: ["aws"],
  },
  { subtype: "github_token", re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/g, score: 0.95, triggers: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] },
  { subtype: "github_token", re: /\bgithub_pat_[A-Za-z0-9_]{60,255}\b/g, score: 0.95, triggers: ["github_pat_"] },
  { subtype: "gitlab_token", re: /\bgl(?:pat|dt|rt|ptt)-[A-Za-z0-9_\-]{20,64}(?![A-Za-z0-9_\-])/g, score: 0.95, triggers: ["glpat-", "gldt-", "glrt-", "glptt-"] },
  { subtype: "slack_token", re: /\bxox[abprs]-(?:\d+-)?[A-Za-z0-9\-]{10,250}\b/g, score: 0.95, triggers: ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"] },
  { subtype: "slack_token", re: /\bxapp-\d-[A-Z0-9]{8,16}-\d{8,16}-[A-Za-z0-9]{32,80}\b/g, score: 0.95, triggers: ["xapp-"] },
  { subtype: "slack_token", re: /\bxoxe(?:\.xox[bp])?-\d-[A-Za-z0-9\-]{20,250}\b/g, score: 0.95, triggers: ["xoxe"] },
  {
    subtype: "slack_token",
    re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,32}/g,
    score: 0.9,
    triggers: ["https"],
  },
  {
    subtype: "slack_token",
    re: /https:\/\/hooks\.slack\.com\/(?:workflows|triggers)\/T[A-Z0-9]{6,12}\/[A-Za-z0-9]{6,16}\/\d{6,24}\/[A-Za-z0-9]{20,40}/g,
    score: 0.9,
    triggers: ["https"],
  },
  { subtype: "stripe_key", re: /\b[sr]k_live_[A-Za-z0-9]{16,247}\b/g, score: 0.95, triggers: ["sk_live_", "rk_live_"] },
  { subtype: "stripe_key", re: /\b[sr]k_test_[A-Za-z0-9]{16,247}\b/g, score: 0.75, triggers: ["sk_test_", "rk_test_"] },
  { subtype: "stripe_key", re: /\bwhsec_[A-Za-z0-9]{32,80}\b/g, score: 0.9, triggers: ["whsec_"] },
  {
    // Storage (AccountKey) and Service Bus / Event Hubs (SharedAccessKey) connection strings: the key only.
    subtype: "azure_key",
    re: /\b(?:AccountKey|SharedAccessKey)\s{0,2}=\s{0,2}([A-Za-z0-9+\/]{40,100}={0,2})(?![A-Za-z0-9+\/=])/dgi,
    score: 0.95,
    group: 1,
    triggers: ["accountkey", "sharedaccesskey"],
  },
  {
    // Shared access signature: `sv=<date>&…&sig=<signature>` in a URL or a connection string; the signature only.
    subtype: "azure_sas_token",
    re: /\bsv=\d{4}-\d{2}-\d{2}(?:&[\w%.:\-=]{0,200}){0,12}?&sig=((?:[A-Za-z0-9+\/]|%2[BbFf]){20,128}(?:=|%3[Dd]){0,2})(?![\w%])/dg,
    score: 0.9,
    group: 1,
    triggers: ["sv"],
  },
  { subtype: "openai_key", re: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,250}(?![A-Za-z0-9_\-])/g, score: 0.95, triggers: ["sk-"] },
  { subtype: "openai_key", re: /\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b/g, score: 0.95, triggers: ["sk-"] },
  { subtype: "openai_key", re: /\bsk-[A-Za-z0-9]{48}\b/g, score: 0.85, triggers: ["sk-"] },
  {
    subtype: "jwt",
    re: /\beyJ[A-Za-z0-9_\-]{8,2000}\.eyJ[A-Za-z0-9_\-]{8,4000}\.[A-Za-z0-9_\-]{8,2000}(?![A-Za-z0-9_\-])/g,
    score: 0.9,
    triggers: ["eyj"],
  },
];

for (const r of SECRET_RULES) r.triggerIds = compileTriggers(r.triggers);

/** Values that are documentation placeholders, not secrets. */
export const PLACEHOLDER =
  /example|sample|dummy|placeholder|changeme|change_me|your[_\-]?|<|>|\$\{|\$\(|process\.env|os\.environ|getenv|secrets?\.|xxxx|\*\*\*|\.\.\.|redacted|insert|replace|todo|fake|test(?:ing)?[_\-]?(?:key|token|secret)|^(.)\1+$/i;
