/**
 * Predictive pre-computation at the PoP (issue 16): after the split, the costly part of a decision — the
 * detectors and every rule that reads no agent state (`prepareEvaluation`) — depends on the request and the
 * policy only, never on the agent's state. So it is cached per isolate under the exact canonical request
 * (core's `requestKey`) and the policy (tenant, seq, hash), and warmed after each answer in `waitUntil`:
 * the isolate's pattern profiler (per agent type) guesses each agent's likeliest next requests and they are
 * prepared within a CPU budget. A hit hands the AgentState object the cached preparation with the request
 * as sent (its `request_id` is the decision id); everything else in a preparation is a function of the
 * request without `request_id` and the policy, so the object decides exactly as if it had been prepared now.
 *
 * Bounded: at most MAX_PREPARED preparations (LRU), MAX_AGENTS agents' recent requests, the profiler's own
 * bounds (core PatternProfiler). Per isolate: another isolate of the same PoP learns and caches on its own.
 */
import {
  CARRY_WINDOW,
  PatternProfiler,
  agentTypeOf,
  prepareEvaluation,
  requestKey,
  type CompiledPolicy,
  type EvaluateRequest,
  type PreparedEvaluation,
} from "@nethical/core";

/** Preparations kept per isolate. */
export const MAX_PREPARED = 2048;
/** Agents whose recent requests are kept per isolate (for the profiler's carried values). */
export const MAX_AGENTS = 4096;
/** CPU one warm-up may spend: 2 ms (a Worker invocation's CPU limit is 30 s by default; this is < 0.01 %). */
export const WARM_BUDGET_US = 2000;
/** Guesses prepared per answered request. */
export const WARM_GUESSES = 3;

/** Counters of one isolate's PoP cache. */
export interface PreparedAtPopStats {
  hits: number;
  misses: number;
  /** Preparations made by warm-up, and those of them later used. */
  warmed: number;
  warmed_hits: number;
  warm_cpu_us: number;
  entries: number;
}

interface Entry {
  prepared: PreparedEvaluation;
  warmed: boolean;
}

export class PreparedAtPop {
  readonly #entries = new Map<string, Entry>();
  readonly #history = new Map<string, EvaluateRequest[]>();
  readonly #profiler = new PatternProfiler();
  readonly #stats = { hits: 0, misses: 0, warmed: 0, warmed_hits: 0, warm_cpu_us: 0 };

  /**
   * `prepareEvaluation(request, policy)`, from the cache when this isolate prepared the same request with
   * the same policy before; `onResult` is told whether it was a hit (for the Worker's metric).
   *
   * @example
   * const prepared = preparedAtPop.prepare(request, loaded.compiled);
   */
  prepare(request: EvaluateRequest, policy: CompiledPolicy, onResult?: (hit: boolean) => void): PreparedEvaluation {
    const reqKey = requestKey(request);
    if (reqKey === undefined) {
      onResult?.(false);
      return prepareEvaluation(request, policy);
    }
    const key = `${policy.tenant}\n${policy.seq}:${policy.hash}\n${reqKey}`;
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#stats.hits++;
      if (entry.warmed) {
        this.#stats.warmed_hits++;
        entry.warmed = false;
      }
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      onResult?.(true);
      return { ...entry.prepared, request };
    }
    this.#stats.misses++;
    onResult?.(false);
    const prepared = prepareEvaluation(request, policy);
    this.#store(key, prepared, false);
    return prepared;
  }

  /**
   * Learn from `answered` (one agent's requests just decided, in order) and prepare the likeliest next
   * requests within `budgetUs`. Returns the microseconds spent.
   *
   * @example
   * waitUntil(afterResponse(() => preparedAtPop.warm(mine, loaded.compiled)));
   */
  warm(answered: readonly EvaluateRequest[], policy: CompiledPolicy, budgetUs: number = WARM_BUDGET_US): number {
    const started = performance.now();
    const last = answered[answered.length - 1];
    if (last === undefined) return 0;
    const agentKey = `${policy.tenant}\n${last.agent_id}`;
    let history = this.#history.get(agentKey) ?? [];
    const type = agentTypeOf(last);
    for (const request of answered) {
      this.#profiler.observe(type, history, request);
      history = [request, ...history.slice(0, CARRY_WINDOW - 1)];
    }
    this.#history.delete(agentKey);
    this.#history.set(agentKey, history);
    if (this.#history.size > MAX_AGENTS) this.#history.delete(this.#history.keys().next().value as string);
    for (const guess of this.#profiler.predict(type, history, WARM_GUESSES)) {
      if ((performance.now() - started) * 1000 >= budgetUs) break;
      const key = `${policy.tenant}\n${policy.seq}:${policy.hash}\n${guess.key}`;
      if (this.#entries.has(key)) continue;
      this.#store(key, prepareEvaluation(guess.request, policy), true);
      this.#stats.warmed++;
    }
    const spent = (performance.now() - started) * 1000;
    this.#stats.warm_cpu_us += spent;
    return spent;
  }

  stats(): PreparedAtPopStats {
    return { ...this.#stats, warm_cpu_us: Math.round(this.#stats.warm_cpu_us), entries: this.#entries.size };
  }

  #store(key: string, prepared: PreparedEvaluation, warmed: boolean): void {
    if (this.#entries.size >= MAX_PREPARED) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { prepared: Object.freeze(prepared), warmed });
  }
}

/** This isolate's PoP cache. */
export const preparedAtPop = new PreparedAtPop();

/**
 * Run `work` after the current response has been handed back (a macrotask later), for `waitUntil`.
 *
 * @example
 * waitUntil(afterResponse(() => preparedAtPop.warm(mine, policy)));
 */
export function afterResponse(work: () => unknown): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
    work();
  });
}
