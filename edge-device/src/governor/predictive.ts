/**
 * The device's decision cache, pattern profiler and idle-time pre-computation (issue 16). The governor
 * decides through {@link Predictive.evaluator} (core's `cachedEvaluate`: a hit is byte-identical to a fresh
 * evaluation but for the re-stamped decision id), tells it which requests it answered, and the runtime calls
 * `governor.idle()` when no decision is running, which pre-computes the likeliest next requests of the agents
 * answered since. One cache for the device (the agent id is part of every key), bounded LRU.
 */
import {
  CARRY_WINDOW,
  DecisionCache,
  PatternProfiler,
  agentTypeOf,
  cachedEvaluate,
  evaluate,
  nextSnapshot,
  precompute,
  type AgentRow,
  type DecisionCacheStats,
  type EvaluateRequest,
  type LoadedPolicy,
} from "@nethical/core";

export interface PredictiveOptions {
  /** Default true. */
  enabled?: boolean;
  /** Decision cache entries (default 4,096). */
  cacheEntries?: number;
  /** About how many bytes the decision cache may hold (default: no byte bound; the device config's is 8 MiB). */
  cacheBytes?: number;
  /** Guesses pre-computed per answered request (default 3). */
  k?: number;
}

export interface PredictiveStats {
  enabled: boolean;
  cache: DecisionCacheStats;
  profiler: ReturnType<PatternProfiler["stats"]>;
  /** Microseconds spent pre-computing, in total, and evaluations it made. */
  precompute_cpu_us: number;
  precompute_evaluations: number;
}

/** Most agents waiting for idle-time pre-computation (the oldest are dropped). */
const MAX_PENDING = 256;

export class Predictive {
  readonly #enabled: boolean;
  readonly #cache: DecisionCache;
  readonly #profiler = new PatternProfiler();
  readonly #k: number;
  /** Agent id → its recent requests (the most recent first), waiting for pre-computation. */
  readonly #pending = new Map<string, EvaluateRequest[]>();
  /** Agent id → its recent requests (the most recent first, at most CARRY_WINDOW). */
  readonly #history = new Map<string, EvaluateRequest[]>();
  #cpuUs = 0;
  #evaluations = 0;
  /** What applyDecision evaluates with: through the cache when enabled. */
  readonly evaluator: typeof evaluate;

  /**
   * @example
   * const p = new Predictive({ cacheEntries: 1024 });
   */
  constructor(options: PredictiveOptions = {}) {
    this.#enabled = options.enabled !== false;
    this.#cache = new DecisionCache(options.cacheEntries ?? 4096, options.cacheBytes);
    this.#k = options.k ?? 3;
    const cache = this.#cache;
    this.evaluator = this.#enabled ? (request, policy, agent, now, opts) => cachedEvaluate(cache, request, policy, agent, now, opts) : evaluate;
  }

  /** Learn from an answered request and queue its agent for pre-computation. */
  answered(request: EvaluateRequest): void {
    if (!this.#enabled) return;
    const history = this.#history.get(request.agent_id) ?? [];
    this.#profiler.observe(agentTypeOf(request), history, request);
    const next = [request, ...history.slice(0, CARRY_WINDOW - 1)];
    bump(this.#history, request.agent_id, next, 4 * MAX_PENDING);
    bump(this.#pending, request.agent_id, next, MAX_PENDING);
  }

  /** Pre-compute for queued agents (oldest first) within `budgetUs`; returns the microseconds spent. */
  idle(budgetUs: number, policy: LoadedPolicy, now: number, rowOf: (agentId: string) => AgentRow): number {
    if (!this.#enabled) return 0;
    let spent = 0;
    for (const [agentId, history] of this.#pending) {
      if (spent >= budgetUs) break;
      this.#pending.delete(agentId);
      const r = precompute({ cache: this.#cache, profiler: this.#profiler, agentType: agentTypeOf(history[0] as EvaluateRequest), request: history, policy, agent: nextSnapshot(rowOf(agentId), policy, now), now, k: this.#k, budgetUs: budgetUs - spent });
      spent += r.cpuUs;
      this.#evaluations += r.evaluated;
    }
    this.#cpuUs += spent;
    return spent;
  }

  stats(): PredictiveStats {
    return { enabled: this.#enabled, cache: this.#cache.stats(), profiler: this.#profiler.stats(), precompute_cpu_us: Math.round(this.#cpuUs), precompute_evaluations: this.#evaluations };
  }
}

function bump<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as string);
}
