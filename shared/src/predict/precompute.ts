/**
 * Pre-computation: after a decision is answered, evaluate the profiler's likeliest next requests against the
 * state the agent will have at its next request, within a CPU budget, and store the answers in the decision
 * cache. A guess that is wrong costs only the CPU spent (it is never served: its key holds the exact request
 * and state); a guess that is right turns the next decision into a cache hit.
 */
import { evaluate } from "../evaluate.ts";
import type { AgentRow } from "../agent/agent-row.ts";
import { toSnapshot } from "../agent/agent-row.ts";
import type { LoadedPolicy } from "../agent/loaded-policy.ts";
import { refill, takeToken } from "../agent/token-bucket.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import type { DecisionCache } from "./decision-cache.ts";
import { stateEpoch } from "./fingerprint.ts";
import type { History, PatternProfiler } from "./profiler.ts";

/** What one pre-computation did. */
export interface PrecomputeResult {
  /** Guesses evaluated and stored. */
  evaluated: number;
  /** Guesses already cached, or not cacheable. */
  skipped: number;
  /** CPU spent, in microseconds (wall time of this synchronous call). */
  cpuUs: number;
}

export interface PrecomputeInput {
  cache: DecisionCache;
  profiler: PatternProfiler;
  agentType: string;
  /** The request just answered, or the agent's recent requests, the most recent (just answered) first. */
  request: EvaluateRequest | History;
  policy: LoadedPolicy;
  /** The agent's state as its next request will see it (see {@link nextSnapshot}). */
  agent: AgentStateSnapshot;
  now: number;
  /** Most guesses to evaluate (default 3). */
  k?: number;
  /** Stop starting new evaluations once this many microseconds are spent (default 2,000). */
  budgetUs?: number;
}

/** The default CPU budget of one pre-computation: 2 ms. */
export const DEFAULT_PRECOMPUTE_BUDGET_US = 2000;

/**
 * Evaluate and cache up to `k` likely next requests within `budgetUs`.
 *
 * @example
 * const r = precompute({ cache, profiler, agentType: "coder", request, policy, agent: nextSnapshot(row, policy, now), now });
 * r.evaluated; // 0…3
 */
export function precompute(input: PrecomputeInput): PrecomputeResult {
  const started = performance.now();
  const budget = input.budgetUs ?? DEFAULT_PRECOMPUTE_BUDGET_US;
  const compiled = input.policy.compiled;
  input.cache.usePolicy(compiled);
  const guesses = input.agent.terminated ? [] : input.profiler.predict(input.agentType, input.request, input.k ?? 3);
  const epoch = stateEpoch(input.agent, compiled);
  let evaluated = 0;
  let skipped = 0;
  for (const guess of guesses) {
    if ((performance.now() - started) * 1000 >= budget) break;
    const key = guess.key;
    if (epoch === undefined || input.cache.has(key, epoch)) {
      skipped++;
      continue;
    }
    // The id is re-stamped on every hit; this one is never served.
    input.cache.store(key, epoch, evaluate(guess.request, compiled, input.agent, input.now, { decisionId: "precomputed" }), true);
    evaluated++;
  }
  return { evaluated, skipped, cpuUs: (performance.now() - started) * 1000 };
}

/**
 * The snapshot the agent's next decision would be made with if it came at `at` (as applyDecision builds it:
 * token bucket refilled to `at`, one token taken).
 *
 * @example
 * const next = nextSnapshot(step.row, policy, now);
 */
export function nextSnapshot(row: AgentRow, policy: LoadedPolicy, at: number): AgentStateSnapshot {
  const limit = policy.rateLimit;
  const before = refill({ tokens: row.tokens, at: row.tokens_at }, limit, at);
  const windowRequests = Math.max(0, Math.round(limit.capacity - before.tokens));
  const { limited } = takeToken(before, limit, at);
  return toSnapshot(row, windowRequests, limited);
}
