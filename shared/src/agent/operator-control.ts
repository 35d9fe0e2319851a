/**
 * An operator's terminate and reinstate as row transitions, the same for the AgentState Durable Object
 * (cloud) and the edge device (applying a fleet control from the cloud): a terminated row answers
 * TERMINATE (sticky, applyDecision) until it is reinstated; reinstatement clears the termination and the
 * strikes, and keeps every counter.
 */
import type { AgentRow } from "./agent-row.ts";

/**
 * The row terminated by an operator at `at` (a no-op copy when it is already terminated: the first reason
 * stays). `decisionId` names what terminated it (a control or decision id), when known.
 *
 * @example
 * terminatedByOperator(row, "operator k1: runaway loop", Date.now(), "control:7").terminated; // true
 */
export function terminatedByOperator(row: AgentRow, reason: string, at: number, decisionId: string | null = null): AgentRow {
  if (row.terminated) return row;
  return { ...row, terminated: true, terminated_reason: reason.slice(0, 500), terminated_at: at, terminated_seq: null, terminated_decision_id: decisionId, last_seen: Math.max(row.last_seen, at) };
}

/**
 * The row with its TERMINATE lifted: not terminated, no strikes, no termination record (the same object
 * when it is not terminated).
 *
 * @example
 * reinstatedRow(terminatedRow).terminated; // false
 */
export function reinstatedRow(row: AgentRow): AgentRow {
  if (!row.terminated) return row;
  return { ...row, terminated: false, strikes: 0, terminated_reason: null, terminated_at: null };
}
