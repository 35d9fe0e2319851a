/**
 * Replay a trace through the core decision path with the decision cache, the pattern profiler and
 * pre-computation, the way the AgentState object runs it: one cache per agent (its object), one profiler
 * per isolate shared by all agents of a type, pre-computation after every answer within a CPU budget.
 * Every served answer is also evaluated fresh (the baseline, timed the same way) and compared byte for byte.
 */
import {
  CARRY_WINDOW,
  DecisionCache,
  PatternProfiler,
  agentTypeOf,
  applyDecision,
  cachedEvaluate,
  evaluate,
  newRow,
  nextSnapshot,
  precompute,
  type AgentRow,
  type EvaluateRequest,
  type LoadedPolicy,
} from "@nethical/core";
import type { EventKind, TraceEvent } from "./trace.ts";

export interface ReplayOptions {
  precompute: boolean;
  /** Guesses per pre-computation. */
  k: number;
  budgetUs: number;
  cacheEntries: number;
}

export interface ReplaySamples {
  hitUs: number[];
  missUs: number[];
  freshUs: number[];
  /** Fresh evaluation of the requests that missed (the same requests as missUs). */
  missFreshUs: number[];
  precomputeUs: number;
  precomputeEvaluated: number;
  byKind: Record<EventKind, { n: number; hits: number }>;
  byType: Record<string, { n: number; hits: number }>;
  precomputedHits: number;
  mismatches: number;
  decisions: Record<string, number>;
}

/**
 * @example
 * const s = replayCore(generateTrace(DEFAULT_TRACE), policy, { precompute: true, k: 3, budgetUs: 2000, cacheEntries: 256 });
 */
export function replayCore(events: readonly TraceEvent[], policy: LoadedPolicy, options: ReplayOptions): ReplaySamples {
  const t0 = 1_765_000_000_000;
  const profiler = new PatternProfiler();
  const agents = new Map<string, { row: AgentRow; cache: DecisionCache; history: EvaluateRequest[] }>();
  const out: ReplaySamples = {
    hitUs: [],
    missUs: [],
    freshUs: [],
    missFreshUs: [],
    precomputeUs: 0,
    precomputeEvaluated: 0,
    byKind: { structured: { n: 0, hits: 0 }, free_text: { n: 0, hits: 0 }, attack: { n: 0, hits: 0 } },
    byType: {},
    precomputedHits: 0,
    mismatches: 0,
    decisions: {},
  };
  let seq = 0;
  for (const event of events) {
    const now = t0 + event.at;
    const request = event.request;
    let agent = agents.get(request.agent_id);
    if (agent === undefined) {
      agent = { row: newRow("bench", request.agent_id, policy.rateLimit, now), cache: new DecisionCache(options.cacheEntries), history: [] };
      agents.set(request.agent_id, agent);
    }
    const snapshot = nextSnapshot(agent.row, policy, now);
    const decisionId = `d-${++seq}`;
    const hitsBefore = agent.cache.stats().hits;
    const s0 = performance.now();
    const served = cachedEvaluate(agent.cache, request, policy.compiled, snapshot, now, { decisionId });
    const servedUs = (performance.now() - s0) * 1000;
    const f0 = performance.now();
    const fresh = evaluate(request, policy.compiled, snapshot, now, { decisionId });
    const freshUs = (performance.now() - f0) * 1000;
    out.freshUs.push(freshUs);
    if (JSON.stringify(served) !== JSON.stringify(fresh)) out.mismatches++;
    const hit = agent.cache.stats().hits > hitsBefore;
    (hit ? out.hitUs : out.missUs).push(servedUs);
    if (!hit) out.missFreshUs.push(freshUs);
    out.byKind[event.kind].n++;
    if (hit) out.byKind[event.kind].hits++;
    const byType = (out.byType[event.agentType] ??= { n: 0, hits: 0 });
    byType.n++;
    if (hit) byType.hits++;
    out.decisions[served.decision] = (out.decisions[served.decision] ?? 0) + 1;

    // The state transition (the same answer: the served one is byte-identical to `fresh`).
    agent.row = applyDecision(agent.row, policy, request, now, decisionId).row;
    const type = agentTypeOf(request);
    profiler.observe(type, agent.history, request);
    agent.history.unshift(request);
    if (agent.history.length > CARRY_WINDOW) agent.history.length = CARRY_WINDOW;
    if (options.precompute) {
      const r = precompute({ cache: agent.cache, profiler, agentType: type, request: agent.history, policy, agent: nextSnapshot(agent.row, policy, now), now, k: options.k, budgetUs: options.budgetUs });
      out.precomputeUs += r.cpuUs;
      out.precomputeEvaluated += r.evaluated;
    }
  }
  for (const a of agents.values()) out.precomputedHits += a.cache.stats().precomputed_hits;
  return out;
}
