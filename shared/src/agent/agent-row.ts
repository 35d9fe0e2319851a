/**
 * The agent row: everything the serialisation point for one agent keeps between decisions (identity,
 * counters, token bucket, sticky TERMINATE, the last policy used). The AgentState Durable Object stores
 * it in its SQLite table, the edge device in node:sqlite; both hand it to {@link applyDecision}.
 */
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import type { Decision } from "../schemas/decision.ts";
import type { RateLimit } from "./token-bucket.ts";

/** One agent's state as its owner holds it in memory. */
export interface AgentRow {
  tenant: string;
  agent_id: string;
  /** Per-agent decision sequence number: 0 before the first decision, then 1, 2, 3… */
  seq: number;
  requests: number;
  violations: number;
  /** Strikes since the last reinstatement (see countsAsStrike). */
  strikes: number;
  decisions: Record<Decision, number>;
  tokens: number;
  tokens_at: number;
  /** The token bucket's parameters as of the last decision (from that decision's policy). */
  rate_capacity: number;
  rate_refill_per_s: number;
  terminated: boolean;
  terminated_reason: string | null;
  terminated_at: number | null;
  terminated_seq: number | null;
  terminated_decision_id: string | null;
  policy_seq: number;
  policy_hash: string | null;
  first_seen: number;
  last_seen: number;
}

/**
 * The row of an agent seen for the first time: no history, a full bucket.
 *
 * @example
 * const row = newRow("acme", "robot-7", { capacity: 600, refill_per_s: 10 }, Date.now());
 */
export function newRow(tenant: string, agentId: string, limit: RateLimit, now: number): AgentRow {
  return {
    tenant,
    agent_id: agentId,
    seq: 0,
    requests: 0,
    violations: 0,
    strikes: 0,
    decisions: { ALLOW: 0, RESTRICT: 0, BLOCK: 0, TERMINATE: 0 },
    tokens: limit.capacity,
    tokens_at: now,
    rate_capacity: limit.capacity,
    rate_refill_per_s: limit.refill_per_s,
    terminated: false,
    terminated_reason: null,
    terminated_at: null,
    terminated_seq: null,
    terminated_decision_id: null,
    policy_seq: 0,
    policy_hash: null,
    first_seen: now,
    last_seen: now,
  };
}

/**
 * The snapshot handed to `evaluate` (counts before this request).
 *
 * @example
 * evaluate(request, policy, toSnapshot(row, windowRequests, limited), now);
 */
export function toSnapshot(row: AgentRow, windowRequests: number, rateLimited: boolean): AgentStateSnapshot {
  const snapshot: AgentStateSnapshot = {
    requests: row.requests,
    violations: row.violations,
    strikes: row.strikes,
    decisions: { ...row.decisions },
    window_requests: windowRequests,
    rate_limited: rateLimited,
    terminated: row.terminated,
  };
  if (row.terminated && row.terminated_reason !== null) snapshot.terminated_reason = row.terminated_reason;
  return snapshot;
}
