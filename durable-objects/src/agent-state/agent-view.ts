/**
 * What `GET /v2/agents/{agent_id}` shows: the agent row as a JSON value with ISO times, the token
 * bucket as of `now`, and recent reinstatements. No action text is ever stored, so none can be shown.
 */
import type { Reinstatement } from "./reinstatements.ts";
import { rateLimitStatus, refill, type AgentRow, type RateLimitStatus } from "@nethical/core";

/** An agent's state as the API returns it. */
export interface AgentView {
  tenant: string;
  agent_id: string;
  /** Sequence number of the agent's latest decision (0: none yet). */
  seq: number;
  requests: number;
  violations: number;
  /** Strikes since the last reinstatement: what the default repeat-offender rule counts. */
  strikes: number;
  decisions: { ALLOW: number; RESTRICT: number; BLOCK: number; TERMINATE: number };
  terminated: boolean;
  terminated_reason: string | null;
  terminated_at: string | null;
  terminated_seq: number | null;
  terminated_decision_id: string | null;
  rate_limit: RateLimitStatus;
  policy: { seq: number; hash: string } | null;
  first_seen: string;
  last_seen: string;
  reinstatements: { at: string; operator_key_id: string; reason: string; terminated_seq: number | null }[];
}

/**
 * Build the view of `row` at `now`.
 *
 * @example
 * const view = agentView(row, listReinstatements(sql, 10), Date.now());
 */
export function agentView(row: AgentRow, reinstatements: readonly Reinstatement[], now: number): AgentView {
  const limit = { capacity: row.rate_capacity, refill_per_s: row.rate_refill_per_s };
  return {
    tenant: row.tenant,
    agent_id: row.agent_id,
    seq: row.seq,
    requests: row.requests,
    violations: row.violations,
    strikes: row.strikes,
    decisions: { ...row.decisions },
    terminated: row.terminated,
    terminated_reason: row.terminated_reason,
    terminated_at: row.terminated_at === null ? null : new Date(row.terminated_at).toISOString(),
    terminated_seq: row.terminated_seq,
    terminated_decision_id: row.terminated_decision_id,
    rate_limit: rateLimitStatus(refill({ tokens: row.tokens, at: row.tokens_at }, limit, now), limit),
    policy: row.policy_hash === null ? null : { seq: row.policy_seq, hash: row.policy_hash },
    first_seen: new Date(row.first_seen).toISOString(),
    last_seen: new Date(row.last_seen).toISOString(),
    reinstatements: reinstatements.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
  };
}
