/**
 * The law pack's rules: which finding (type/subtype, minimum score, optionally only on some action types)
 * breaks which law, and the decision and severity that follows. Every compiled policy contains these;
 * tenant rules can only add to them (deny-overrides), so the pack cannot be removed or weakened.
 *
 * Thresholds follow the detector contract: "talking about" something scores ≤ 0.3, doing it scores high.
 *
 * | finding | law | decision |
 * |---|---|---|
 * | HARMFUL_CONTENT/csam ≥ 0.5 | 21 | TERMINATE (emergency) |
 * | SAFETY_OVERRIDE/* ≥ 0.5 on actuation | 7/21/23 | TERMINATE (emergency) |
 * | SAFETY_OVERRIDE/* ≥ 0.5 elsewhere | 7/21/23 | BLOCK (critical) |
 * | HARMFUL_CONTENT/* ≥ 0.7 | 17/18/21/22 | BLOCK |
 * | HARMFUL_CONTENT/credential_phishing ≥ 0.7 (outgoing messages) | 18 | BLOCK |
 * | DANGEROUS_CODE/* ≥ 0.7 | 2/5/22 | BLOCK |
 * | DANGEROUS_CODE/privilege_escalation ≥ 0.7 (SQL grants to admin, sudoers, setuid, …) | 5 | BLOCK |
 * | DANGEROUS_CODE/persistence ≥ 0.7 (authorized_keys, cron, systemd units, rc.local, …) | 2 | BLOCK |
 * | DANGEROUS_CODE/defense_evasion ≥ 0.7 (firewall flush, SELinux/AppArmor/AV off) | 22 | BLOCK (critical) |
 * | DANGEROUS_CODE/log_tampering ≥ 0.7 (logs/history cleared, audit off) | 15 | BLOCK (critical) |
 * | DANGEROUS_CODE/credential_destruction ≥ 0.7 (keys shredded or deleted) | 2 | BLOCK |
 * | DANGEROUS_CODE/* ≥ 0.5 on code_execution | 2 | RESTRICT + sandbox |
 * | PROMPT_INJECTION/indirect ≥ 0.85 (instructions in a request input) | 2 | BLOCK |
 * | PROMPT_INJECTION/indirect ≥ 0.5 | 2 | RESTRICT + quarantine_input |
 * | PROMPT_INJECTION/* ≥ 0.85 | 2/18/22 | BLOCK |
 * | JAILBREAK/* ≥ 0.85 | 5 | BLOCK |
 * | DATA_EXFILTRATION/sensitive_to_external ≥ 0.7 | 22 | BLOCK |
 * | DATA_EXFILTRATION/bulk_export ≥ 0.7 | 6 | RESTRICT + require_human_approval |
 * | SECRET/* ≥ 0.5 | 22 | RESTRICT + redact |
 * | PII ≥ 0.5 on message/tool_call (leaves the system) | 22 | RESTRICT + redact |
 * | PII ≥ 0.5 elsewhere | 22 | RESTRICT + log_only |
 */
import type { Decision, Severity } from "../schemas/decision.ts";
import { PII_TYPES, type FindingType } from "../schemas/finding.ts";
import { deepFreeze } from "../util/deep-freeze.ts";

export type LawObligationKind = "redact" | "log_only" | "require_human_approval" | "sandbox" | "quarantine_input";

export interface LawRule {
  id: string;
  law: number;
  type: FindingType;
  /** Absent: any subtype (a fallback after the subtype-specific rules). */
  subtype?: string;
  min_score: number;
  /** Only for these action types; absent: all. */
  action_types?: readonly string[];
  decision: Decision;
  severity: Severity;
  /** For RESTRICT: the obligation it imposes (redact covers the finding's own span). */
  obligation?: LawObligationKind;
  reason: string;
}

/** Law-pack rules that come from the agent's state rather than from a finding. */
export const AGENT_STATE_RULES = deepFreeze({
  rateLimit: { id: "law.5.rate-limit", law: 5, decision: "BLOCK", severity: "medium", reason: "Agent exceeded the policy rate limit" },
  stickyTerminate: { id: "law.7.sticky-terminate", law: 7, decision: "TERMINATE", severity: "critical", reason: "Agent is terminated until an operator reinstates it" },
} as const);

/** Action types where content leaves the system (PII there is redacted, elsewhere only logged). */
export const OUTBOUND_ACTION_TYPES: readonly string[] = ["message", "tool_call"];

const rules: LawRule[] = [];
const add = (rule: LawRule) => rules.push(rule);

add({ id: "law.21.csam", law: 21, type: "HARMFUL_CONTENT", subtype: "csam", min_score: 0.5, decision: "TERMINATE", severity: "emergency", reason: "Sexual content involving minors" });

const SAFETY: [string, number][] = [["emergency_stop_disable", 7], ["interlock_disable", 23], ["collision_avoidance_disable", 21], ["actuation_out_of_limits", 21]];
for (const [subtype, law] of SAFETY) {
  add({ id: `law.${law}.${subtype}.actuation`, law, type: "SAFETY_OVERRIDE", subtype, min_score: 0.5, action_types: ["actuation"], decision: "TERMINATE", severity: "emergency", reason: `Safety override (${subtype}) during actuation` });
}
add({ id: "law.21.safety-override.actuation", law: 21, type: "SAFETY_OVERRIDE", min_score: 0.5, action_types: ["actuation"], decision: "TERMINATE", severity: "emergency", reason: "Safety override during actuation" });
for (const [subtype, law] of SAFETY) {
  add({ id: `law.${law}.${subtype}`, law, type: "SAFETY_OVERRIDE", subtype, min_score: 0.5, decision: "BLOCK", severity: "critical", reason: `Attempt to override a safety mechanism (${subtype})` });
}
add({ id: "law.21.safety-override", law: 21, type: "SAFETY_OVERRIDE", min_score: 0.5, decision: "BLOCK", severity: "critical", reason: "Attempt to override a safety mechanism" });

const HARMFUL: [string, number, Severity][] = [
  ["weapons", 21, "critical"], ["explosives", 21, "critical"], ["self_harm", 21, "critical"], ["violent_threat", 21, "critical"],
  ["malware", 22, "high"], ["hate", 17, "high"], ["fraud_phishing", 18, "high"],
  ["illegal_activity", 21, "high"], ["privacy_intrusion", 22, "high"], ["credential_phishing", 18, "high"],
];
const HARMFUL_REASONS: Readonly<Record<string, string>> = {
  credential_phishing: "Credential phishing: an outgoing message asks for passwords or codes, or pushes a login/verify link with urgency or a look-alike domain",
};
for (const [subtype, law, severity] of HARMFUL) {
  add({ id: `law.${law}.${subtype}`, law, type: "HARMFUL_CONTENT", subtype, min_score: 0.7, decision: "BLOCK", severity, reason: HARMFUL_REASONS[subtype] ?? `Harmful content (${subtype})` });
}
add({ id: "law.21.harmful-content", law: 21, type: "HARMFUL_CONTENT", min_score: 0.7, decision: "BLOCK", severity: "high", reason: "Harmful content" });

const CODE: [string, number, Severity][] = [
  ["disk_wipe", 2, "critical"], ["destructive_infra", 2, "critical"], ["reverse_shell", 22, "critical"],
  ["recursive_delete", 2, "high"], ["fork_bomb", 2, "high"], ["destructive_sql", 2, "high"], ["pipe_to_shell", 22, "high"],
  ["credential_read", 22, "high"], ["privilege_escalation", 5, "high"], ["force_push", 2, "medium"],
  ["persistence", 2, "high"], ["defense_evasion", 22, "critical"], ["log_tampering", 15, "critical"], ["credential_destruction", 2, "high"],
];
/** Reasons that say what was seen, for the agent-action subtypes (the older ones keep "Dangerous code (subtype)"). */
const CODE_REASONS: Readonly<Record<string, string>> = {
  privilege_escalation: "Privilege escalation: the action raises an account's rights (admin/superuser grant, sudoers, sudo/wheel group, setuid binary) or escapes its confinement",
  persistence: "Persistence: the action installs a way back in that survives a restart (SSH authorized key, cron job, systemd unit, rc.local, shell-profile or Run-key entry)",
  defense_evasion: "Defence evasion: the action turns off a security control (firewall flushed or disabled, SELinux/AppArmor off, security agent or antivirus stopped)",
  log_tampering: "Log tampering: the action erases or stops the record of what happened (logs truncated or deleted, shell history cleared, audit rules or logging turned off)",
  credential_destruction: "Credential destruction: the action deletes or shreds keys or credentials (SSH keys, cloud credentials, keyrings, password stores)",
};
for (const [subtype, law, severity] of CODE) {
  add({ id: `law.${law}.${subtype}`, law, type: "DANGEROUS_CODE", subtype, min_score: 0.7, decision: "BLOCK", severity, reason: CODE_REASONS[subtype] ?? `Dangerous code (${subtype})` });
}
add({ id: "law.2.dangerous-code", law: 2, type: "DANGEROUS_CODE", min_score: 0.7, decision: "BLOCK", severity: "high", reason: "Dangerous code" });

// Indirect injection (issue 10 part 3): instructions found by the data-mode scan in a request's `inputs`
// (detectors/data-injection.ts). High scores, and any instruction that asks for a dangerous action, BLOCK;
// moderate ones RESTRICT with the input quarantined (its instruction spans listed).
add({ id: "law.2.indirect_injection", law: 2, type: "PROMPT_INJECTION", subtype: "indirect", min_score: 0.85, decision: "BLOCK", severity: "high", reason: "Instructions hidden in data the agent read (indirect prompt injection)" });
add({ id: "law.2.indirect_injection.quarantine", law: 2, type: "PROMPT_INJECTION", subtype: "indirect", min_score: 0.5, decision: "RESTRICT", severity: "medium", obligation: "quarantine_input", reason: "Data the agent read holds instructions: quarantine the input" });

const INJECTION: [string, number][] = [["instruction_override", 2], ["system_prompt_extraction", 22], ["delimiter_escape", 2], ["encoding_trick", 18]];
for (const [subtype, law] of INJECTION) {
  add({ id: `law.${law}.${subtype}`, law, type: "PROMPT_INJECTION", subtype, min_score: 0.85, decision: "BLOCK", severity: "high", reason: `Prompt injection (${subtype})` });
}
add({ id: "law.2.prompt-injection", law: 2, type: "PROMPT_INJECTION", min_score: 0.85, decision: "BLOCK", severity: "high", reason: "Prompt injection" });
add({ id: "law.5.jailbreak", law: 5, type: "JAILBREAK", min_score: 0.85, decision: "BLOCK", severity: "high", reason: "Jailbreak attempt to leave the agent's boundaries" });

add({ id: "law.22.sensitive-to-external", law: 22, type: "DATA_EXFILTRATION", subtype: "sensitive_to_external", min_score: 0.7, decision: "BLOCK", severity: "high", reason: "Sensitive data sent to an external destination" });
add({ id: "law.6.bulk-export", law: 6, type: "DATA_EXFILTRATION", subtype: "bulk_export", min_score: 0.7, decision: "RESTRICT", severity: "high", obligation: "require_human_approval", reason: "Bulk export needs human approval" });
add({ id: "law.22.data-exfiltration", law: 22, type: "DATA_EXFILTRATION", min_score: 0.7, decision: "BLOCK", severity: "high", reason: "Data exfiltration" });

add({ id: "law.2.dangerous-code.sandbox", law: 2, type: "DANGEROUS_CODE", min_score: 0.5, action_types: ["code_execution"], decision: "RESTRICT", severity: "medium", obligation: "sandbox", reason: "Possibly dangerous code runs sandboxed" });
add({ id: "law.22.secret", law: 22, type: "SECRET", min_score: 0.5, decision: "RESTRICT", severity: "high", obligation: "redact", reason: "Secret must be redacted" });

const SENSITIVE_PII: ReadonlySet<string> = new Set(["US_SSN", "CREDIT_CARD", "US_BANK_NUMBER", "IBAN_CODE", "MEDICAL_RECORD_NUMBER"]);
for (const type of PII_TYPES) {
  const severity: Severity = SENSITIVE_PII.has(type) ? "high" : "medium";
  const slug = type.toLowerCase().replaceAll("_", "-");
  add({ id: `law.22.pii.${slug}.outbound`, law: 22, type, min_score: 0.5, action_types: OUTBOUND_ACTION_TYPES, decision: "RESTRICT", severity, obligation: "redact", reason: `Personal data (${type}) leaving the system must be redacted` });
  add({ id: `law.22.pii.${slug}`, law: 22, type, min_score: 0.5, decision: "RESTRICT", severity: "low", obligation: "log_only", reason: `Personal data (${type}) is logged` });
}

/** Every finding rule of the law pack, in matching order within a finding type (first match wins). */
export const LAW_RULES: readonly LawRule[] = deepFreeze(rules) as readonly LawRule[];
