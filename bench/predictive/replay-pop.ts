/**
 * Replay a trace along the cloud path after the split: the Worker prepares at the PoP through its
 * per-isolate preparation cache (warmed after each answer with the profiler's guesses, as `waitUntil` does),
 * and each agent's AgentState object finishes through its decision cache (`cachedFinish`). Timed per step:
 * preparation (hit: the cached one; miss: `prepareEvaluation`), finish (hit / miss), and the fresh
 * baseline of both (`prepareEvaluation` + `finishEvaluation` of the same request in the same run).
 */
import { DecisionCache, applyPrepared, cachedFinish, finishEvaluation, newRow, nextSnapshot, prepareEvaluation, type AgentRow, type LoadedPolicy } from "@nethical/core";
import { PreparedAtPop } from "@nethical/workers/decide/prepared-at-pop";
import type { EventKind, TraceEvent } from "./trace.ts";

export interface PopSamples {
  prepareHitUs: number[];
  prepareMissUs: number[];
  prepareFreshUs: number[];
  finishHitUs: number[];
  finishMissUs: number[];
  finishFreshUs: number[];
  warmUs: number;
  byKind: Record<EventKind, { n: number; hits: number }>;
  mismatches: number;
  popStats: ReturnType<PreparedAtPop["stats"]>;
}

/**
 * @example
 * const s = replayPop(events, policy, 2000);
 */
export function replayPop(events: readonly TraceEvent[], policy: LoadedPolicy, budgetUs: number): PopSamples {
  const t0 = 1_765_000_000_000;
  const pop = new PreparedAtPop();
  const agents = new Map<string, { row: AgentRow; cache: DecisionCache }>();
  const out: PopSamples = {
    prepareHitUs: [], prepareMissUs: [], prepareFreshUs: [], finishHitUs: [], finishMissUs: [], finishFreshUs: [], warmUs: 0,
    byKind: { structured: { n: 0, hits: 0 }, free_text: { n: 0, hits: 0 }, attack: { n: 0, hits: 0 } },
    mismatches: 0,
    popStats: pop.stats(),
  };
  let seq = 0;
  const compiled = policy.compiled;
  for (const event of events) {
    const now = t0 + event.at;
    const request = { ...event.request, request_id: `d-${++seq}` };
    let agent = agents.get(request.agent_id);
    if (agent === undefined) {
      agent = { row: newRow("bench", request.agent_id, policy.rateLimit, now), cache: new DecisionCache(256) };
      agents.set(request.agent_id, agent);
    }
    const hitsBefore = pop.stats().hits;
    const p0 = performance.now();
    const prepared = pop.prepare(request, compiled);
    const prepareUs = (performance.now() - p0) * 1000;
    const prepHit = pop.stats().hits > hitsBefore;
    (prepHit ? out.prepareHitUs : out.prepareMissUs).push(prepareUs);
    out.byKind[event.kind].n++;
    if (prepHit) out.byKind[event.kind].hits++;
    const f0 = performance.now();
    const fresh = prepareEvaluation(request, compiled);
    out.prepareFreshUs.push((performance.now() - f0) * 1000);

    const snapshot = nextSnapshot(agent.row, policy, now);
    const finishHits = agent.cache.stats().hits;
    const c0 = performance.now();
    const served = cachedFinish(agent.cache, prepared, compiled, snapshot, now, { decisionId: request.request_id });
    const finishUs = (performance.now() - c0) * 1000;
    (agent.cache.stats().hits > finishHits ? out.finishHitUs : out.finishMissUs).push(finishUs);
    const g0 = performance.now();
    const want = finishEvaluation(fresh, compiled, snapshot, now, { decisionId: request.request_id });
    out.finishFreshUs.push((performance.now() - g0) * 1000);
    if (JSON.stringify(served) !== JSON.stringify(want)) out.mismatches++;
    agent.row = applyPrepared(agent.row, policy, fresh, now, request.request_id).row;
    out.warmUs += pop.warm([request], compiled, budgetUs);
  }
  out.popStats = pop.stats();
  return out;
}
