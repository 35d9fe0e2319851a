/**
 * Sticky TERMINATE, enforced where it is recorded. Core already answers TERMINATE for a terminated
 * agent; AgentState does not rely on that alone: whatever the policy says, a terminated agent's response
 * is TERMINATE until an operator reinstates it.
 */
import type { EvaluateResponse } from "@nethical/core";

/** `decided_by` id of the agent-state entry added when stickiness overrides the policy. */
export const STICKY_TERMINATE_ID = "sticky_terminate";

/**
 * `response` unchanged unless the agent is terminated and the response is not TERMINATE; then the
 * same response with decision TERMINATE, no obligations, and an `agent_state` entry explaining why.
 *
 * @example
 * enforceSticky(allowResponse, true).decision; // "TERMINATE"
 * enforceSticky(allowResponse, false) === allowResponse; // true
 */
export function enforceSticky(response: EvaluateResponse, terminated: boolean): EvaluateResponse {
  if (!terminated || response.decision === "TERMINATE") return response;
  return {
    ...response,
    decision: "TERMINATE",
    obligations: [],
    explanation: {
      ...response.explanation,
      summary: "TERMINATE: the agent is terminated (sticky) until an operator reinstates it",
      decided_by: [
        { kind: "agent_state", id: STICKY_TERMINATE_ID, decision: "TERMINATE", reason: "agent was terminated earlier; no other decision until reinstated" },
        ...response.explanation.decided_by,
      ],
    },
  };
}
