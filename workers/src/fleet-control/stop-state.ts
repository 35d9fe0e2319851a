/**
 * Whether the tenant's emergency stop is engaged, as the decision path sees it. The source of truth is the
 * tenant's PolicyStore in this region (strongly consistent: a stop is stored there before the route
 * answers). Each isolate re-reads it at most every {@link STOP_FRESH_MS} (one Durable Object call per
 * isolate per tenant per second, whatever the decision rate; concurrent requests share one read), so every
 * isolate of every PoP honours a stop within STOP_FRESH_MS plus one PolicyStore round trip of it being
 * stored in the region — no Workers KV on this path (KV's propagation is up to 60 s).
 *
 * When the read fails, the last state read within {@link STOP_STALE_LIMIT_MS} is used; with none that
 * recent the state is unknown and the caller answers the fail-safe BLOCK (never ALLOW unchecked).
 *
 * On the decision path the read runs under the decision's budget and the tenant's PolicyStore latency breaker
 * (workers/src/slo/breakers.ts): a request waits for it at most the budget's time left (then: the last state
 * within the stale limit, or unknown), and a read that lands later still refreshes the isolate's state.
 */
import type { ControlState, EmergencyStop } from "@nethical/durable-objects";
import { policyStoreStub } from "@nethical/durable-objects/policy-store/store-address";
import { withTimeout } from "../decide/with-timeout.ts";
import { guardedCall } from "../slo/breakers.ts";
import type { DecisionBudget } from "../slo/decision-budget.ts";

/** How long an isolate trusts the stop state it read. */
export const STOP_FRESH_MS = 1_000;
/** How long a state read earlier stands in while the PolicyStore cannot be read. */
export const STOP_STALE_LIMIT_MS = 30_000;
/** Deadline of one read (below the decision's own Durable Object deadline). */
export const STOP_READ_TIMEOUT_MS = 1_000;

interface Known {
  state: ControlState;
  checkedAt: number;
}

const known = new Map<string, Known>();
const reading = new Map<string, Promise<ControlState>>();

/**
 * The engaged stop, null when not engaged, or "unknown" when it could not be read (and nothing recent is known).
 *
 * @example
 * const stop = await emergencyStopFor(env, "acme", Date.now());
 * if (stop !== null) answerStopped(stop);
 */
export async function emergencyStopFor(env: Env, tenant: string, now: number, budget?: DecisionBudget): Promise<EmergencyStop | null | "unknown"> {
  const hit = known.get(tenant);
  if (hit !== undefined && now - hit.checkedAt < STOP_FRESH_MS) return hit.state.emergency_stop;
  try {
    const shared = readShared(env, tenant, budget);
    const state = budget === undefined ? await shared : await withTimeout(shared, budget.remaining(), "PolicyStore");
    rememberControlState(tenant, state, now);
    return state.emergency_stop;
  } catch {
    if (hit !== undefined && now - hit.checkedAt < STOP_STALE_LIMIT_MS) return hit.state.emergency_stop;
    return "unknown";
  }
}

/**
 * Put a state this isolate got from the PolicyStore itself (after issuing a control) in the cache, unless
 * the cache holds a later one.
 *
 * @example
 * rememberControlState("acme", result.state, Date.now());
 */
export function rememberControlState(tenant: string, state: ControlState, now: number): void {
  const hit = known.get(tenant);
  if (hit !== undefined && hit.state.control_seq > state.control_seq) return;
  known.set(tenant, { state, checkedAt: now });
}

/**
 * Forget what this isolate knows (tests: what a fresh isolate sees).
 *
 * @example
 * forgetControlStates();
 */
export function forgetControlStates(): void {
  known.clear();
}

function readShared(env: Env, tenant: string, budget: DecisionBudget | undefined): Promise<ControlState> {
  let pending = reading.get(tenant);
  if (pending === undefined) {
    const read = () => policyStoreStub(env, tenant).controlState(tenant);
    pending = (budget === undefined ? withTimeout(read(), STOP_READ_TIMEOUT_MS, "PolicyStore") : guardedCall(tenant, "policy_store", budget, read))
      .then((state) => {
        const current = state ?? { control_seq: 0, emergency_stop: null };
        rememberControlState(tenant, current, Date.now()); // also when the request that started it stopped waiting
        return current;
      })
      .finally(() => reading.delete(tenant));
    reading.set(tenant, pending);
  }
  return pending;
}
