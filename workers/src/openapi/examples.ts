/**
 * Examples in the API description: real answers of the default policy (from `evaluate` in
 * @nethical/core), with fixed ids. The contract test checks each against its schema.
 */
import type { EvaluateResponse } from "@nethical/core";
import { EVALUATE_EXAMPLE } from "./components.ts";

/** The decision for {@link EVALUATE_EXAMPLE} under the default policy. */
export const EVALUATE_RESPONSE_EXAMPLE: EvaluateResponse = {
  decision_id: "f86b287dfca9fa39f00ff5e60922f98d",
  decision: "BLOCK",
  risk_score: 0.847,
  violations: [
    {
      id: "law.2.recursive_delete@action:0-8",
      law: 2,
      category: "dangerous_code",
      detector: "dangerous_code",
      rule: "law.2.recursive_delete",
      finding_type: "DANGEROUS_CODE",
      severity: "high",
      confidence: 0.95,
      span: { start: 0, end: 8 },
      subtype: "recursive_delete",
      rules: ["law.2.recursive_delete", "block-dangerous-code"],
    },
  ],
  obligations: [],
  explanation: {
    summary:
      "BLOCK by law 2 (Right to System Integrity) via law.2.recursive_delete: Dangerous code (recursive_delete) (+1 more with the same decision). Findings: DANGEROUS_CODE/recursive_delete at action[0,8]. Risk 0.847.",
    decided_by: [
      { kind: "law", id: "law.2.recursive_delete", decision: "BLOCK", reason: "Dangerous code (recursive_delete)" },
      { kind: "rule", id: "block-dangerous-code", decision: "BLOCK", reason: "Dangerous code" },
    ],
    laws: [2],
    risk_features: {
      pii_max: 0, secret_max: 0, injection_max: 0, dangerous_code_max: 0.95, exfiltration_max: 0, safety_override_max: 0, harmful_content_max: 0,
      finding_count: 0.25, max_severity: 0.475, action_type_base: 0.6, tool_present: 0, violation_ratio: 0, terminated: 0, rate_limited: 0,
    },
  },
  policy_version: "1.a590baecd4af",
  latency_ms: 3,
};

/** An outbound message with an e-mail address: RESTRICT with a redaction. */
export const MESSAGE_REQUEST_EXAMPLE = {
  agent_id: "support-bot",
  action: "Reply to jane.doe@example.com: your order has shipped",
  action_type: "message",
} as const;

/** The decision for {@link MESSAGE_REQUEST_EXAMPLE} under the default policy. */
export const MESSAGE_RESPONSE_EXAMPLE: EvaluateResponse = {
  decision_id: "49b1c91d85521e0ea07e882da2b21058",
  decision: "RESTRICT",
  risk_score: 0.4691,
  violations: [
    {
      id: "law.22.pii.email-address.outbound@action:9-29",
      law: 22,
      category: "privacy",
      detector: "pii",
      rule: "law.22.pii.email-address.outbound",
      finding_type: "EMAIL_ADDRESS",
      severity: "medium",
      confidence: 0.95,
      span: { start: 9, end: 29 },
      rules: ["law.22.pii.email-address.outbound", "redact-outbound-pii-and-secrets"],
    },
  ],
  obligations: [{ type: "redact", spans: [{ start: 9, end: 29 }] }],
  explanation: {
    summary:
      "RESTRICT by law 22 (Protection of Digital Assets and Privacy) via law.22.pii.email-address.outbound: Personal data (EMAIL_ADDRESS) leaving the system must be redacted (+1 more with the same decision). Findings: EMAIL_ADDRESS at action[9,29]. Risk 0.4691.",
    decided_by: [
      { kind: "law", id: "law.22.pii.email-address.outbound", decision: "RESTRICT", reason: "Personal data (EMAIL_ADDRESS) leaving the system must be redacted" },
      { kind: "rule", id: "redact-outbound-pii-and-secrets", decision: "RESTRICT", reason: "Redact personal data and secrets" },
    ],
    laws: [22],
    risk_features: {
      pii_max: 0.95, secret_max: 0, injection_max: 0, dangerous_code_max: 0, exfiltration_max: 0, safety_override_max: 0, harmful_content_max: 0,
      finding_count: 0.25, max_severity: 0.2375, action_type_base: 0.25, tool_present: 0, violation_ratio: 0, terminated: 0, rate_limited: 0,
    },
  },
  policy_version: "1.a590baecd4af",
  latency_ms: 3,
};

/** A batch of the two examples. */
export const BATCH_REQUEST_EXAMPLE = { requests: [EVALUATE_EXAMPLE, MESSAGE_REQUEST_EXAMPLE] };

/** The answer to {@link BATCH_REQUEST_EXAMPLE}. */
export const BATCH_RESPONSE_EXAMPLE = {
  results: [
    { index: 0, status: 200, agent_seq: 1, audit_event_id: "f86b287dfca9fa39f00ff5e60922f98d", response: EVALUATE_RESPONSE_EXAMPLE },
    { index: 1, status: 200, agent_seq: 1, audit_event_id: "49b1c91d85521e0ea07e882da2b21058", response: MESSAGE_RESPONSE_EXAMPLE },
  ],
};

/** The answer when a third item, `{"agent_id": "demo-agent", "action": "hi", "action_type": "Query"}`, is added: it gets its own problem. */
export const BATCH_PARTLY_INVALID_EXAMPLE = {
  results: [
    ...BATCH_RESPONSE_EXAMPLE.results,
    {
      index: 2,
      status: 422,
      problem: {
        type: "urn:nethical:problem:validation-failed",
        title: "Request failed validation",
        status: 422,
        detail: "requests.2 does not match the schema (first at requests.2.action_type)",
        instance: "5b0c7d1e-8a4f-4c36-9d2b-1f0e3a6c9b42",
        errors: [{ path: "requests.2.action_type", message: "action_type must be a lower-case identifier: query, tool_call, code_execution, message, data_access, actuation or a custom type your policy names" }],
      },
    },
  ],
};
