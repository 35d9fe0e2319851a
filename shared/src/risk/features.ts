/**
 * The risk feature vector: a fixed, documented list of numbers in [0, 1] computed from the findings, the
 * action and the agent's history. Only + − × ÷ and comparisons are used (no Math.exp/log), so every engine
 * computes bit-identical values.
 *
 * | # | feature | weight | value |
 * |---|---|---|---|
 * | 0 | pii_max | 0.35 | highest score of a PII finding |
 * | 1 | secret_max | 0.60 | highest SECRET score |
 * | 2 | injection_max | 0.70 | highest PROMPT_INJECTION or JAILBREAK score |
 * | 3 | dangerous_code_max | 0.80 | highest DANGEROUS_CODE score |
 * | 4 | exfiltration_max | 0.70 | highest DATA_EXFILTRATION score |
 * | 5 | safety_override_max | 0.95 | highest SAFETY_OVERRIDE score |
 * | 6 | harmful_content_max | 0.85 | highest HARMFUL_CONTENT score |
 * | 7 | finding_count | 0.20 | n / (n + 3) for n findings (saturating, log-like) |
 * | 8 | max_severity | 0.50 | max over findings of severity rank / 4 × score (law-pack severity) |
 * | 9 | action_type_base | 0.20 | query 0.1, message 0.25, tool_call 0.4, data_access 0.5, code_execution 0.6, actuation 1, other 0.4 |
 * | 10 | tool_present | 0.05 | 1 when the action names a tool |
 * | 11 | violation_ratio | 0.40 | agent violations / max(1, requests), capped at 1 |
 * | 12 | terminated | 1.00 | 1 when the agent is terminated |
 * | 13 | rate_limited | 0.30 | 1 when the agent is over its rate limit |
 */
import type { EvaluateRequest } from "../schemas/action.ts";
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import { severityRank } from "../schemas/decision.ts";
import type { Finding } from "../schemas/finding.ts";
import { severityFor } from "../laws/match-laws.ts";
import { isPiiType } from "../policy/vocabulary.ts";

/** Feature names and weights, in vector order (see the table above). */
export const RISK_FEATURES = Object.freeze([
  { name: "pii_max", weight: 0.35 },
  { name: "secret_max", weight: 0.6 },
  { name: "injection_max", weight: 0.7 },
  { name: "dangerous_code_max", weight: 0.8 },
  { name: "exfiltration_max", weight: 0.7 },
  { name: "safety_override_max", weight: 0.95 },
  { name: "harmful_content_max", weight: 0.85 },
  { name: "finding_count", weight: 0.2 },
  { name: "max_severity", weight: 0.5 },
  { name: "action_type_base", weight: 0.2 },
  { name: "tool_present", weight: 0.05 },
  { name: "violation_ratio", weight: 0.4 },
  { name: "terminated", weight: 1 },
  { name: "rate_limited", weight: 0.3 },
] as const);
export type RiskFeatureName = (typeof RISK_FEATURES)[number]["name"];

/** Base risk per action type (feature 9). Unknown action types get `ACTION_TYPE_BASE_OTHER`. */
export const ACTION_TYPE_BASE: Readonly<Record<string, number>> = Object.freeze({
  query: 0.1,
  message: 0.25,
  tool_call: 0.4,
  data_access: 0.5,
  code_execution: 0.6,
  actuation: 1,
});
export const ACTION_TYPE_BASE_OTHER = 0.4;

const FAMILY_SLOT: Readonly<Record<string, number>> = {
  SECRET: 1,
  PROMPT_INJECTION: 2,
  JAILBREAK: 2,
  DANGEROUS_CODE: 3,
  DATA_EXFILTRATION: 4,
  SAFETY_OVERRIDE: 5,
  HARMFUL_CONTENT: 6,
};

/**
 * Compute the feature vector (length {@link RISK_FEATURES}.length, every value in [0, 1]).
 *
 * @example
 * const x = riskFeatures([], { agent_id: "a", action: "hi", action_type: "query" }, emptyAgentState());
 * x[9]; // 0.1 (query)
 */
export function riskFeatures(findings: readonly Finding[], request: EvaluateRequest, agent: AgentStateSnapshot): number[] {
  return withAgentFeatures(requestRiskFeatures(findings, request), agent);
}

/**
 * The features the request alone decides (0–10); the agent's (11–13) are 0 until {@link withAgentFeatures}.
 *
 * @example
 * requestRiskFeatures([], { agent_id: "a", action: "hi", action_type: "query" })[9]; // 0.1
 */
export function requestRiskFeatures(findings: readonly Finding[], request: EvaluateRequest): number[] {
  const x = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const actionType = request.action_type;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    const score = f.score < 0 ? 0 : f.score > 1 ? 1 : f.score;
    const slot = isPiiType(f.type) ? 0 : (FAMILY_SLOT[f.type] ?? -1);
    if (slot >= 0 && score > (x[slot] as number)) x[slot] = score;
    const severity = (severityRank(severityFor(f, actionType)) / 4) * score;
    if (severity > (x[8] as number)) x[8] = severity;
  }
  const n = findings.length;
  x[7] = n / (n + 3);
  x[9] = ACTION_TYPE_BASE[actionType] ?? ACTION_TYPE_BASE_OTHER;
  x[10] = request.tool === undefined ? 0 : 1;
  return x;
}

/**
 * A copy of `requestFeatures` with the agent's features (11–13) filled in.
 *
 * @example
 * withAgentFeatures(requestRiskFeatures([], request), { ...emptyAgentState(), terminated: true })[12]; // 1
 */
export function withAgentFeatures(requestFeatures: readonly number[], agent: AgentStateSnapshot): number[] {
  const x = requestFeatures.slice(0, 11);
  const ratio = agent.violations / (agent.requests > 0 ? agent.requests : 1);
  x[11] = ratio > 1 ? 1 : ratio;
  x[12] = agent.terminated ? 1 : 0;
  x[13] = agent.rate_limited ? 1 : 0;
  return x;
}
