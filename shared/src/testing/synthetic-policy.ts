/**
 * Synthetic tenant policies of any size for benchmarks: realistic rule shapes (pinned to action types or
 * tools, finding conditions, context checks, safe regexes, risk thresholds), deterministic.
 */
import type { PolicyDocument } from "../policy/schema.ts";

const TYPES = ["query", "tool_call", "code_execution", "message", "data_access", "actuation"];
const FINDINGS = ["SECRET", "DANGEROUS_CODE", "PROMPT_INJECTION", "EMAIL_ADDRESS", "DATA_EXFILTRATION"];

/**
 * A policy with `count` rules. With `spreadTypes`, rules are pinned to `count / 6` distinct synthetic
 * action types besides the six real ones, which is how a large multi-team policy looks to the index.
 *
 * @example
 * const policy = syntheticPolicy(100);
 * policy.rules.length; // 100
 */
export function syntheticPolicy(count: number, options: { spreadTypes?: boolean } = {}): PolicyDocument {
  const rules = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 5;
    const actionType =
      options.spreadTypes && i % 10 !== 0 ? `team_${i % Math.max(1, Math.floor(count / 6))}_op` : TYPES[i % TYPES.length];
    const pin = { field: "action_type", op: "eq", value: actionType };
    const id = `synthetic-${i}`;
    if (kind === 0) {
      rules.push({
        id,
        priority: i % 7,
        when: { all: [pin, { finding: { type: FINDINGS[i % FINDINGS.length], min_score: 0.8 } }] },
        then: { decision: "BLOCK", reason: `synthetic rule ${i}` },
      });
    } else if (kind === 1) {
      rules.push({
        id,
        when: { all: [pin, { field: "context.environment", op: "eq", value: `env-${i}` }] },
        then: { decision: "RESTRICT", obligations: [{ type: "require_human_approval" }], reason: `synthetic rule ${i}` },
      });
    } else if (kind === 2) {
      rules.push({
        id,
        when: { all: [{ field: "tool.name", op: "eq", value: `tool_${i}` }] },
        then: { decision: "BLOCK", reason: `synthetic rule ${i}` },
      });
    } else if (kind === 3) {
      rules.push({
        id,
        when: { all: [pin, { field: "action", op: "matches", value: `ticket-${i}[0-9]{3}` }] },
        then: { decision: "RESTRICT", obligations: [{ type: "log_only" }], reason: `synthetic rule ${i}` },
      });
    } else {
      rules.push({
        id,
        when: { all: [pin, { risk: { gte: 0.95 } }, { field: "agent.violations", op: "gte", value: 3 + (i % 5) }] },
        then: { decision: "BLOCK", reason: `synthetic rule ${i}` },
      });
    }
  }
  return { version: 1, name: `synthetic-${count}`, default: { decision: "ALLOW" }, rules } as unknown as PolicyDocument;
}
