/**
 * AgentStateSnapshot: what the AgentState Durable Object (or the device) knows about an agent, handed to
 * evaluate as a plain value. Core never reads a clock or storage itself.
 */
import * as z from "zod";

export const AgentStateSnapshotSchema = z
  .object({
    /** Requests seen for this agent (before this one). */
    requests: z.number().int().nonnegative(),
    /** Decisions other than ALLOW so far. */
    violations: z.number().int().nonnegative(),
    /**
     * Strikes since the agent was last reinstated: BLOCK or TERMINATE answers caused by a finding or a rule,
     * not by the rate limit or sticky TERMINATE (absent: 0). The default policy's repeat-offender rule counts these.
     */
    strikes: z.number().int().nonnegative().optional(),
    /** Counts per decision word. */
    decisions: z
      .object({
        ALLOW: z.number().int().nonnegative(),
        RESTRICT: z.number().int().nonnegative(),
        BLOCK: z.number().int().nonnegative(),
        TERMINATE: z.number().int().nonnegative(),
      })
      .strict(),
    /** Requests in the current rate-limit window. */
    window_requests: z.number().int().nonnegative(),
    /** The AgentState token bucket had no token for this request (the policy's rate limit is exceeded). */
    rate_limited: z.boolean(),
    /** Sticky TERMINATE: once true, nothing but TERMINATE until an operator reinstates the agent. */
    terminated: z.boolean(),
    terminated_reason: z.string().optional(),
  })
  .strict();
export type AgentStateSnapshot = z.infer<typeof AgentStateSnapshotSchema>;

/**
 * A fresh agent with no history.
 *
 * @example
 * const state = emptyAgentState(); // state.terminated === false
 */
export function emptyAgentState(): AgentStateSnapshot {
  return {
    requests: 0,
    violations: 0,
    strikes: 0,
    decisions: { ALLOW: 0, RESTRICT: 0, BLOCK: 0, TERMINATE: 0 },
    window_requests: 0,
    rate_limited: false,
    terminated: false,
  };
}
