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
 * A budget for a decision starting `startedAt` (ms) under `profile`; never below `floorMs` (see
 * {@link budgetFloorMs}: only the workerd test configuration sets one).
 *
 * @example
 * const budget = decisionBudget(SLO_PROFILES.cloud, Date.now());
 * budget.remaining(); // 250 at first
 */
export function decisionBudget(profile: SloProfile, startedAt: number, clock: () => number = Date.now, floorMs = 0): DecisionBudget {
  const fullMs = Math.max(decisionBudgetMs(profile), floorMs);
  const deadlineAt = startedAt + fullMs;
  return { profile, fullMs, deadlineAt, remaining: () => Math.max(0, deadlineAt - clock()) };
}

/** The test-only binding (vitest.config.ts), never in wrangler.toml. */
interface BudgetFloorBinding {
  DECISION_BUDGET_FLOOR_MS?: string;
}

/**
 * The least decision budget this deployment allows: 0 (the profile's p99 applies) unless the binding
 * `DECISION_BUDGET_FLOOR_MS` is set — which only the workerd test configuration does, so that the suite's
 * ordinary tests, sharing a loaded machine, are not answered by the fail-safe when a cold path takes longer
 * than 250 ms. The SLO fault test (slo-fault.test.ts) runs without it.
 *
 * @example
 * decisionBudget(profile, Date.now(), Date.now, budgetFloorMs(env));
 */
export function budgetFloorMs(env: Env): number {
  const raw = (env as unknown as BudgetFloorBinding).DECISION_BUDGET_FLOOR_MS;
  const ms = raw === undefined ? 0 : Number(raw);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}
