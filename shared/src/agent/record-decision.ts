/**
 * How a decision changes an agent's state: the one transition used by the AgentState Durable Object, the
 * edge device and the CLI, so stickiness and counters mean the same everywhere.
 */
import { AGENT_STATE_RULES } from "../laws/law-rules.ts";
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import type { Decision } from "../schemas/decision.ts";
import type { EvaluateResponse } from "../schemas/response.ts";

const NOT_A_STRIKE = new Set<string>([AGENT_STATE_RULES.rateLimit.id, AGENT_STATE_RULES.stickyTerminate.id]);

/**
 * Whether `response` is a strike against the agent: BLOCK or TERMINATE with at least one violation that is
 * the agent's own doing (a finding or a rule), not the rate limit and not sticky TERMINATE.
 *
 * @example
 * countsAsStrike(blockForRmRf);      // true
 * countsAsStrike(rateLimitedBlock);  // false
 */
export function countsAsStrike(response: Pick<EvaluateResponse, "decision" | "violations">): boolean {
  if (response.decision !== "BLOCK" && response.decision !== "TERMINATE") return false;
  return response.violations.some((v) => v.rule === undefined || !NOT_A_STRIKE.has(v.rule));
}

/**
 * Return the agent state after `decision` was given. Pure: the input is not modified.
 * TERMINATE sets the sticky flag; only {@link reinstateAgent} clears it. `strike` (see
 * {@link countsAsStrike}) adds one to `strikes`.
 *
 * @example
 * const next = recordDecision(emptyAgentState(), "BLOCK", "rule:no-rm-rf", true);
 * next.violations; // 1
 * next.strikes;    // 1
 */
export function recordDecision(state: AgentStateSnapshot, decision: Decision, reason?: string, strike = false): AgentStateSnapshot {
  const next: AgentStateSnapshot = {
    ...state,
    strikes: (state.strikes ?? 0) + (strike ? 1 : 0),
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
 * Lift a sticky TERMINATE (an operator's act): the agent starts again with no strikes, so a
 * repeat-offender rule does not terminate it again at its next request. The other counters are kept:
 * history still informs risk.
 *
 * @example
 * reinstateAgent(recordDecision(emptyAgentState(), "TERMINATE", "r", true)); // terminated false, strikes 0
 */
export function reinstateAgent(state: AgentStateSnapshot): AgentStateSnapshot {
  const { terminated_reason: _dropped, ...rest } = state;
  return { ...rest, strikes: 0, terminated: false };
}
