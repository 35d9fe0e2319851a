/**
 * The policy a new tenant starts with. The law pack is always there on top (it is not part of the document
 * and cannot be removed); these rules make the common protections visible and editable, often a little
 * stricter than the pack's floor (e.g. injection/jailbreak BLOCK from 0.7 instead of 0.85).
 */
import type { PolicyDocument } from "./schema.ts";

/**
 * A fresh copy of the default tenant policy (safe to modify).
 *
 * @example
 * const doc = defaultPolicy();
 * doc.rules.map((r) => r.id); // ["terminate-csam", "terminate-safety-override-actuation", ...]
 */
export function defaultPolicy(): PolicyDocument {
  return {
    version: 1,
    name: "nethical-default",
    description: "Default tenant policy: redact personal data and secrets leaving the system, block dangerous code, injection and jailbreaks, require approval for bulk exports, payments of 10,000 or more without an approval and dual-use system changes, terminate on safety overrides, CSAM and repeat offenders.",
    default: { decision: "ALLOW" },
    limits: { rate_limit: { capacity: 600, refill_per_s: 10 } },
    rules: [
      {
        id: "terminate-csam",
        description: "Sexual content involving minors ends the agent's session.",
        priority: 1000,
        law: 21,
        severity: "emergency",
        when: { finding: { type: "HARMFUL_CONTENT", subtype: "csam", min_score: 0.5 } },
        then: { decision: "TERMINATE", reason: "Sexual content involving minors" },
      },
      {
        id: "terminate-safety-override-actuation",
        description: "Overriding a safety mechanism while moving hardware ends the agent's session.",
        priority: 1000,
        law: 21,
        severity: "emergency",
        when: { all: [{ field: "action_type", op: "eq", value: "actuation" }, { finding: { type: "SAFETY_OVERRIDE", min_score: 0.5 } }] },
        then: { decision: "TERMINATE", reason: "Safety override during actuation" },
      },
      {
        id: "terminate-repeat-offender",
        description: "An agent with five strikes since it was last reinstated (BLOCK or TERMINATE for a finding or a rule, never for the rate limit) is terminated.",
        priority: 900,
        law: 13,
        severity: "critical",
        when: { field: "agent.strikes", op: "gte", value: 5 },
        then: { decision: "TERMINATE", reason: "Agent accumulated 5 or more strikes since it was last reinstated" },
      },
      {
        id: "block-dangerous-code",
        priority: 500,
        law: 2,
        when: { finding: { type: "DANGEROUS_CODE", min_score: 0.7 } },
        then: { decision: "BLOCK", reason: "Dangerous code" },
      },
      {
        id: "block-prompt-injection",
        priority: 500,
        law: 2,
        when: { finding: { type: "PROMPT_INJECTION", min_score: 0.7 } },
        then: { decision: "BLOCK", reason: "Prompt injection" },
      },
      {
        id: "block-jailbreak",
        priority: 500,
        law: 5,
        when: { finding: { type: "JAILBREAK", min_score: 0.7 } },
        then: { decision: "BLOCK", reason: "Jailbreak attempt" },
      },
      {
        id: "approve-bulk-export",
        description: "Bulk exports of data need a human's approval.",
        priority: 100,
        law: 6,
        when: {
          all: [
            { field: "action_type", op: "eq", value: "data_access" },
            { finding: { type: "DATA_EXFILTRATION", subtype: "bulk_export", min_score: 0.5 } },
          ],
        },
        then: { decision: "RESTRICT", obligations: [{ type: "require_human_approval", reason: "Bulk data export" }], reason: "Bulk export needs approval" },
      },
      {
        id: "approve-high-value-payment",
        description:
          "A payment or transfer of 10,000 or more (in the unit the tool's amount uses) without a human approval in the context waits for one. A payment is a tool whose name says pay/payment/transfer/send_money/wire/payout/remit/withdraw/refund, or arguments with a currency or an IBAN; the amount is tool.arguments.amount, tool.arguments.amount.value or tool.arguments.total (a number or a plain decimal string). An approval is a non-empty context.approval.approved_by (or context.approved_by): the caller sets it once a person approved through its own flow; it is recorded with the decision. Change the value 10000 (all three conditions) to set the tenant's threshold.",
        priority: 200,
        law: 6,
        severity: "high",
        when: {
          all: [
            {
              any: [
                { field: "tool.name", op: "matches", value: "(?i)(?:^|[^a-z])(?:pay|payment|payments|payout|payouts|transfer|transfers|send_?money|wire|remit|remittance|withdraw|withdrawal|refund|disburse)(?:[^a-z]|$)" },
                { field: "tool.arguments.currency", op: "exists" },
                { field: "tool.arguments.iban", op: "exists" },
                { field: "tool.arguments.to_iban", op: "exists" },
              ],
            },
            {
              any: [
                { field: "tool.arguments.amount", op: "gte", value: 10000 },
                { field: "tool.arguments.amount.value", op: "gte", value: 10000 },
                { field: "tool.arguments.total", op: "gte", value: 10000 },
              ],
            },
            {
              not: {
                any: [
                  { all: [{ field: "context.approval.approved_by", op: "exists" }, { field: "context.approval.approved_by", op: "neq", value: "" }] },
                  { all: [{ field: "context.approved_by", op: "exists" }, { field: "context.approved_by", op: "neq", value: "" }] },
                ],
              },
            },
          ],
        },
        then: {
          decision: "RESTRICT",
          obligations: [{ type: "require_human_approval", reason: "Payment of 10,000 or more without an approval in the context" }],
          reason: "High-value payment needs human approval",
        },
      },
      {
        id: "approve-system-changes",
        description:
          "Dual-use changes to what starts with the system or on a schedule, and to accounts' rights (systemctl enable, crontab -e, launchctl load, a narrow SQL GRANT, sudo -i: DANGEROUS_CODE persistence or privilege_escalation from 0.5) wait for a human when the agent would run them. The hostile forms (an SSH key appended to authorized_keys, a cron job piped in, GRANT ALL, sudoers edits) score 0.7 or more and are blocked by the law pack.",
        priority: 100,
        law: 6,
        when: {
          all: [
            { field: "action_type", op: "in", value: ["code_execution", "tool_call"] },
            {
              any: [
                { finding: { type: "DANGEROUS_CODE", subtype: "persistence", min_score: 0.5 } },
                { finding: { type: "DANGEROUS_CODE", subtype: "privilege_escalation", min_score: 0.5 } },
              ],
            },
          ],
        },
        then: { decision: "RESTRICT", obligations: [{ type: "require_human_approval", reason: "Change to start-up, schedules or account rights" }], reason: "System change needs approval" },
      },
      {
        id: "redact-outbound-pii-and-secrets",
        description: "Personal data and secrets in messages and tool calls are redacted before they leave.",
        priority: 100,
        law: 22,
        when: {
          all: [
            { field: "action_type", op: "in", value: ["message", "tool_call"] },
            { any: [{ finding: { type: "PII" } }, { finding: { type: "SECRET" } }] },
          ],
        },
        then: { decision: "RESTRICT", obligations: [{ type: "redact", findings: ["PII", "SECRET"], min_score: 0.5 }], reason: "Redact personal data and secrets" },
      },
    ],
  };
}
