/**
 * The fail-safe of a monitor violation that concerns an agent: the decision is raised to TERMINATE (an
 * override, so it is visible in `decided_by` as `runtime_monitor`) and the agent's row is terminated (sticky:
 * only an operator's recorded reinstatement lifts it). TERMINATE rather than BLOCK because a violation means
 * the agent's recorded state or policy cannot be trusted: a BLOCK would let its next request be decided from
 * the same state; a sticky TERMINATE holds until a human has looked.
 */
import { overrideDecision } from "../override-decision.ts";
import type { AgentRow } from "../agent/agent-row.ts";
import type { EvaluateResponse } from "../schemas/response.ts";
import type { Violation } from "./properties.ts";

/** The `decided_by` override id of a monitor's fail-safe. */
export const MONITOR_OVERRIDE_ID = "runtime_monitor" as const;

/**
 * `response` raised to TERMINATE with the violated properties as the reason, and `row` terminated by it.
 *
 * @example
 * const { response, row } = monitorOverride(step.decided.response, step.row, violations, Date.now());
 */
export function monitorOverride(response: EvaluateResponse, row: AgentRow, violations: readonly Violation[], now: number): { response: EvaluateResponse; row: AgentRow } {
  const reason = `runtime monitor: safety property ${[...new Set(violations.map((v) => v.property))].join(", ")} violated; the agent is terminated until an operator reinstates it`;
  const raised = overrideDecision(response, "TERMINATE", { kind: "override", id: MONITOR_OVERRIDE_ID, reason });
  const terminated: AgentRow = row.terminated
    ? { ...row, decisions: recounted(row, response.decision) }
    : { ...row, decisions: recounted(row, response.decision), terminated: true, terminated_reason: reason.slice(0, 500), terminated_at: now, terminated_seq: row.seq, terminated_decision_id: raised.decision_id, strikes: row.strikes };
  return { response: raised, row: terminated };
}

/** The row's decision counts with this decision counted as TERMINATE instead of `from`. */
function recounted(row: AgentRow, from: EvaluateResponse["decision"]): AgentRow["decisions"] {
  if (from === "TERMINATE") return row.decisions;
  return { ...row.decisions, [from]: Math.max(0, row.decisions[from] - 1), TERMINATE: row.decisions.TERMINATE + 1 };
}
