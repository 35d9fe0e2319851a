/**
 * The latency breakers of this isolate: one per tenant and dependency (KV, PolicyStore) — and for AgentState one
 * per agent, since every agent is its own object with its own queue — so one tenant's (or one flooding agent's)
 * slow object never short-circuits anyone else's calls, and a breaker trips on the tenant's own profile's
 * deadline. {@link guardedCall} makes one dependency call of a decision through its breaker under the
 * decision's budget: refused at once while the breaker is open (or the budget is spent), cut when the budget
 * runs out; the caller answers with the fail-safe either way (decide-requests.ts). Every state change is
 * counted (`nethical_breaker_transitions_total`) and logged as one JSON line (tenant, dependency, states).
 */
import { DEFAULT_BREAKER_OPTIONS, LatencyBreaker, type BreakerOptions, type BreakerState } from "@nethical/core/slo/breaker.ts";
import { DependencyTimeoutError, withTimeout } from "../decide/with-timeout.ts";
import { countMetric } from "../metrics/buffer.ts";
import type { DecisionBudget } from "./decision-budget.ts";

/** The dependencies of the decision path that have a breaker. */
export type Dependency = "agent_state" | "kv" | "policy_store";

/** Raised instead of calling a dependency whose breaker is open (or half-open with its probe out). */
export class BreakerOpenError extends Error {
  readonly dependency: Dependency;
  constructor(dependency: Dependency) {
    super(`${dependency} latency breaker is open`);
    this.dependency = dependency;
    this.name = "BreakerOpenError";
  }
}

/** Raised instead of calling a dependency when the decision's budget is already spent. */
export class BudgetSpentError extends Error {
  readonly dependency: Dependency;
  constructor(dependency: Dependency) {
    super(`decision budget spent before the ${dependency} call`);
    this.dependency = dependency;
    this.name = "BudgetSpentError";
  }
}

/** Breakers kept at most (the oldest tenant's are dropped beyond this; a dropped breaker starts closed). */
const MAX_BREAKERS = 3_000;
const breakers = new Map<string, LatencyBreaker>();
let options: BreakerOptions = DEFAULT_BREAKER_OPTIONS;

/**
 * The breaker of `dependency` for `tenant` in this isolate.
 *
 * @example
 * breakerFor("acme", "agent_state").state(); // "closed"
 */
export function breakerFor(tenant: string, dependency: Dependency, agentId?: string): LatencyBreaker {
  const key = `${tenant}\u0000${dependency}\u0000${agentId ?? ""}`;
  let breaker = breakers.get(key);
  if (breaker === undefined) {
    if (breakers.size >= MAX_BREAKERS) breakers.delete(breakers.keys().next().value as string);
    breaker = new LatencyBreaker(options, Date.now, ({ from, to }) => {
      countMetric(tenant, "breaker_transitions", { dependency, to });
      console.warn(JSON.stringify({ event: "latency_breaker", tenant, dependency, ...(agentId !== undefined ? { agent_id: agentId } : {}), from, to }));
    });
    breakers.set(key, breaker);
  }
  return breaker;
}

/** The breakers of one tenant in this isolate. */
export interface TenantBreakers {
  kv: BreakerState;
  policy_store: BreakerState;
  /** Agents whose AgentState breaker is open or half-open (at most 50, sorted). */
  agent_state_not_closed: { agent_id: string; state: BreakerState }[];
}

/**
 * The state of `tenant`'s breakers in this isolate.
 *
 * @example
 * breakerStates("acme"); // { kv: "closed", policy_store: "closed", agent_state_not_closed: [{ agent_id: "arm-1", state: "open" }] }
 */
export function breakerStates(tenant: string): TenantBreakers {
  const prefix = `${tenant}\u0000agent_state\u0000`;
  const agents: TenantBreakers["agent_state_not_closed"] = [];
  for (const [key, breaker] of breakers) {
    if (!key.startsWith(prefix)) continue;
    const state = breaker.state();
    if (state !== "closed") agents.push({ agent_id: key.slice(prefix.length), state });
  }
  agents.sort((a, b) => (a.agent_id < b.agent_id ? -1 : 1));
  return { kv: breakerFor(tenant, "kv").state(), policy_store: breakerFor(tenant, "policy_store").state(), agent_state_not_closed: agents.slice(0, 50) };
}

/**
 * Drop every breaker (what a fresh isolate has) and, for tests, use other options for new ones.
 *
 * @example
 * resetBreakers(); // DEFAULT_BREAKER_OPTIONS again
 */
export function resetBreakers(next: BreakerOptions = DEFAULT_BREAKER_OPTIONS): void {
  breakers.clear();
  options = next;
}

/**
 * Make one dependency call of a decision: through `tenant`'s breaker of `dependency` (for AgentState, the
 * agent's: pass `agentId`), with the decision
 * budget's time left as its deadline. Throws BreakerOpenError or BudgetSpentError without calling, the
 * DependencyTimeoutError of the deadline, or the call's own error. A call cut with less than half the budget
 * to run in (earlier calls of the decision spent the rest) proves nothing about the dependency and is not counted.
 *
 * @example
 * const decided = await guardedCall("acme", "agent_state", budget, () => stub.decideAll(tenant, mine, ref, now));
 */
export async function guardedCall<T>(tenant: string, dependency: Dependency, budget: DecisionBudget, call: () => Promise<T>, agentId?: string): Promise<T> {
  const ms = budget.remaining();
  if (ms <= 0) throw new BudgetSpentError(dependency);
  const breaker = breakerFor(tenant, dependency, agentId);
  const permit = breaker.acquire();
  if (permit === null) throw new BreakerOpenError(dependency);
  try {
    const value = await withTimeout(call(), ms, dependency);
    breaker.succeeded(permit);
    return value;
  } catch (error) {
    if (error instanceof DependencyTimeoutError && ms < budget.fullMs / 2) breaker.released(permit);
    else breaker.failed(permit);
    throw error;
  }
}

/**
 * Why a guarded call did not answer, in a few words for the fail-safe's explanation.
 *
 * @example
 * guardedFailure(new BreakerOpenError("kv")); // "latency breaker open"
 */
export function guardedFailure(error: unknown): string {
  if (error instanceof BreakerOpenError) return "latency breaker open";
  if (error instanceof BudgetSpentError || error instanceof DependencyTimeoutError) return "over the decision budget";
  return "call failed";
}
