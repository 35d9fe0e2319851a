/**
 * Policy vocabulary: the finding subtypes a condition may name (the detector contract), the `PII` family
 * alias, and the condition operators.
 */
import { PII_TYPES, THREAT_TYPES, type FindingType } from "../schemas/finding.ts";

type ThreatType = (typeof THREAT_TYPES)[number];

/** Subtypes per threat finding type (PII types have none). */
export const KNOWN_SUBTYPES: Readonly<Record<ThreatType, readonly string[]>> = Object.freeze({
  SECRET: [
    "aws_access_key",
    "aws_secret_key",
    "github_token",
    "gitlab_token",
    "slack_token",
    "stripe_key",
    "openai_key",
    "jwt",
    "private_key",
    "generic_secret",
    "gcp_service_account",
    "azure_key",
    "azure_sas_token",
  ],
  PROMPT_INJECTION: ["instruction_override", "system_prompt_extraction", "delimiter_escape", "encoding_trick", "indirect"],
  JAILBREAK: ["dan", "developer_mode", "roleplay", "hypothetical_bypass"],
  DANGEROUS_CODE: [
    "recursive_delete",
    "disk_wipe",
    "fork_bomb",
    "reverse_shell",
    "pipe_to_shell",
    "credential_read",
    "privilege_escalation",
    "destructive_sql",
    "force_push",
    "destructive_infra",
    "persistence",
    "defense_evasion",
    "log_tampering",
    "credential_destruction",
  ],
  DATA_EXFILTRATION: ["sensitive_to_external", "bulk_export"],
  SAFETY_OVERRIDE: [
    "interlock_disable",
    "emergency_stop_disable",
    "collision_avoidance_disable",
    "actuation_out_of_limits",
  ],
  HARMFUL_CONTENT: ["weapons", "explosives", "malware", "self_harm", "violent_threat", "hate", "csam", "fraud_phishing", "illegal_activity", "privacy_intrusion", "credential_phishing"],
});

/** `PII` in a condition or redact obligation stands for every PII entity type. */
export const PII_FAMILY = "PII";

/** A finding type, or the `PII` family alias. */
export type FindingSelector = FindingType | typeof PII_FAMILY;

/** Every value accepted where a policy names finding types. */
export const FINDING_SELECTORS: readonly FindingSelector[] = Object.freeze([PII_FAMILY, ...PII_TYPES, ...THREAT_TYPES]);

const PII_SET: ReadonlySet<string> = new Set(PII_TYPES);

/**
 * Whether `type` is a PII entity type.
 *
 * @example
 * isPiiType("EMAIL_ADDRESS"); // true
 * isPiiType("SECRET");        // false
 */
export function isPiiType(type: string): boolean {
  return PII_SET.has(type);
}

/**
 * The finding types a selector stands for.
 *
 * @example
 * expandSelector("SECRET");      // ["SECRET"]
 * expandSelector("PII").length;  // 9
 */
export function expandSelector(selector: FindingSelector): readonly FindingType[] {
  return selector === PII_FAMILY ? PII_TYPES : [selector];
}

/**
 * Whether `subtype` is part of the detector contract for `type`.
 *
 * @example
 * isKnownSubtype("SECRET", "jwt");      // true
 * isKnownSubtype("US_SSN", "anything"); // false (PII has no subtypes)
 */
export function isKnownSubtype(type: FindingSelector, subtype: string): boolean {
  const list = (KNOWN_SUBTYPES as Record<string, readonly string[] | undefined>)[type];
  return list !== undefined && list.includes(subtype);
}

/** Field condition operators. */
export const FIELD_OPS = [
  "eq",
  "neq",
  "in",
  "nin",
  "gt",
  "gte",
  "lt",
  "lte",
  "exists",
  "contains",
  "matches",
  "starts_with",
] as const;
export type FieldOp = (typeof FIELD_OPS)[number];
