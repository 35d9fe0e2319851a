/**
 * How a decision changes an agent's state: the one transition used by the AgentState Durable Object, the
 * edge device and the CLI, so stickiness and counters mean the same everywhere.
 */
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import type { Decision } from "../schemas/decision.ts";

/**
 * Return the agent state after `decision` was given. Pure: the input is not modified.
 * TERMINATE sets the sticky flag; only {@link reinstateAgent} clears it.
 *
 * @example
 * const next = recordDecision(emptyAgentState(), "BLOCK", "rule:no-rm-rf");
 * next.violations; // 1
 */
export function recordDecision(state: AgentStateSnapshot, decision: Decision, reason?: string): AgentStateSnapshot {
  const next: AgentStateSnapshot = {
    ...state,
    requests: state.requests + 1,
    violations: decision === "ALLOW" ? state.violations : state.violations + 1,
    decisions: { ...state.decisions, [decision]: state.decisions[decision] + 1 },
    window_requests: state.window_requests + 1,
    rate_limited: false,
  };
  if (decision === "TERMINATE" && !state.terminated) {
    next.terminated = true;
    if (reason !== undefined) next.terminated_reason = reason;
  }
  return next;
}

/**
 * Lift a sticky TERMINATE (an operator's act). Counters are kept: history still informs risk.
 *
 * @example
 * reinstateAgent(recordDecision(emptyAgentState(), "TERMINATE")).terminated; // false
 */
export function reinstateAgent(state: AgentStateSnapshot): AgentStateSnapshot {
  const { terminated_reason: _dropped, ...rest } = state;
  return { ...rest, terminated: false };
}
