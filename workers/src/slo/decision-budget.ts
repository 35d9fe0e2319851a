/**
 * The time budget of one decision's dependency calls (README "SLOs and the latency breaker"). It starts when
 * the decision step starts and lasts the tenant's profile's p99 target (decisionBudgetMs): every dependency
 * call of the decision (KV reads and the PolicyStore for the policy, the emergency-stop read, the AgentState
 * call, recording a fail-safe TERMINATE) gets the time left, and no call is made once it is spent. So the
 * calls of one decision together wait at most p99 ms, and each single call at most p99 ms.
 */
import { decisionBudgetMs, type SloProfile } from "@nethical/core/slo/profiles.ts";

/** One decision's budget. */
export interface DecisionBudget {
  /** The tenant's profile (its name goes into degraded explanations and logs). */
  profile: SloProfile;
  /** The whole budget (ms): a call given this much and cut is the dependency's fault. */
  fullMs: number;
  /** When the budget is spent (ms since the epoch). */
  deadlineAt: number;
  /** Time left (ms), never negative. */
  remaining(): number;
}

/**
 * A budget for a decision starting `startedAt` (ms) under `profile`.
 *
 * @example
 * const budget = decisionBudget(SLO_PROFILES.cloud, Date.now());
 * budget.remaining(); // 250 at first
 */
export function decisionBudget(profile: SloProfile, startedAt: number, clock: () => number = Date.now): DecisionBudget {
  const fullMs = decisionBudgetMs(profile);
  const deadlineAt = startedAt + fullMs;
  return { profile, fullMs, deadlineAt, remaining: () => Math.max(0, deadlineAt - clock()) };
}
