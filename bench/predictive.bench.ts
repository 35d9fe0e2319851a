/**
 * `npm run bench:predictive`: the decision cache, the pattern profiler and pre-computation on a realistic
 * agent trace (bench/predictive/trace.ts: coding, support and robot sessions with 4 % attacks), on the
 * default policy. Writes bench/results/predictive.json:
 * - `core`: the AgentState path (per-agent cache, per-type profiler, pre-computation after each answer):
 *   `hit_rate` (overall, `structured`, `free_text`, `attack`, per agent type), `hit_p50_us` / `hit_p99_us`
 *   (a decision answered from the cache: key, lookup, copy, re-stamp), `miss_p50_us` (key + evaluate +
 *   store), `miss_fresh_p50_us` (plain evaluate of the requests that missed: misses are the heavier, free-text
 *   ones), `fresh_p50_us` (plain evaluate of all requests in the same run: the baseline),
 *   `precompute_cpu_us_per_decision` (pre-computation CPU per decision served) and `precompute_cpu_share`
 *   (pre-computation CPU ÷ all decision CPU), `mismatches` (served ≠ fresh, must be 0);
 * - `core_cache_only`: the same without pre-computation (what prediction adds);
 * - `pop`: the cloud path after the split (bench/predictive/replay-pop.ts): the Worker's preparation cache
 *   warmed after each answer (`prepare_*`) and the AgentState object's decision cache over the finish phase
 *   (`finish_*`), each against its fresh baseline;
 * - `device`: the same through the edge-device governor with its cache (see bench/predictive/replay-device.ts).
 * The top-level `hit_rate`, `hit_rate_structured`, `hit_p50_us`, `miss_p50_us` and `precompute_cpu_share` are
 * the `core` figures.
 */
import { createBundle, defaultPolicy, loadPolicy } from "@nethical/core";
import { table, writeResult } from "./lib/results.ts";
import { percentile, round } from "./lib/stats.ts";
import { replayCore, type ReplaySamples } from "./predictive/replay-core.ts";
import { DEFAULT_TRACE, generateTrace, type TraceEvent } from "./predictive/trace.ts";
import { replayDevice } from "./predictive/replay-device.ts";
import { replayPop, type PopSamples } from "./predictive/replay-pop.ts";
import { loadavg } from "node:os";

const TARGET_HIT_RATE = 0.8;
const TARGET_HIT_US = 5;
const K = Number(process.env.PREDICTIVE_K ?? 3);
const BUDGET_US = 2000;

const policy = loadPolicy(await createBundle("bench", 1, defaultPolicy()));
const events = generateTrace(DEFAULT_TRACE);
// Warm-up on another trace (JIT), with its own caches and profiler.
replayCore(generateTrace({ ...DEFAULT_TRACE, seed: 7, eventsPerAgent: 40 }), policy, { precompute: true, k: K, budgetUs: BUDGET_US, cacheEntries: 256 });

function summary(s: ReplaySamples, events: readonly TraceEvent[]) {
  const n = events.length;
  const hits = s.hitUs.length;
  const serveUs = s.hitUs.reduce((a, b) => a + b, 0) + s.missUs.reduce((a, b) => a + b, 0);
  const rate = (x: { n: number; hits: number }) => (x.n === 0 ? 0 : round(x.hits / x.n, 4));
  return {
    decisions: n,
    hit_rate: round(hits / n, 4),
    hit_rate_structured: rate(s.byKind.structured),
    hit_rate_free_text: rate(s.byKind.free_text),
    hit_rate_attack: rate(s.byKind.attack),
    hit_rate_by_agent_type: Object.fromEntries(Object.entries(s.byType).map(([k, v]) => [k, rate(v)])),
    events_by_kind: { structured: s.byKind.structured.n, free_text: s.byKind.free_text.n, attack: s.byKind.attack.n },
    hits_from_precompute_share: hits === 0 ? 0 : round(s.precomputedHits / hits, 4),
    hit_p50_us: round(percentile(s.hitUs, 50), 2),
    hit_p99_us: round(percentile(s.hitUs, 99), 2),
    miss_p50_us: round(percentile(s.missUs, 50), 2),
    miss_p99_us: round(percentile(s.missUs, 99), 2),
    miss_fresh_p50_us: round(percentile(s.missFreshUs, 50), 2),
    fresh_p50_us: round(percentile(s.freshUs, 50), 2),
    fresh_over_hit_p50: round(percentile(s.freshUs, 50) / percentile(s.hitUs, 50), 1),
    hits_within_5us_share: hits === 0 ? 0 : round(s.hitUs.filter((x) => x <= TARGET_HIT_US).length / hits, 4),
    precompute_evaluations: s.precomputeEvaluated,
    precompute_cpu_us_per_decision: round(s.precomputeUs / n, 2),
    precompute_cpu_share: round(s.precomputeUs / (s.precomputeUs + serveUs), 4),
    serve_cpu_us_per_decision: round(serveUs / n, 2),
    fresh_cpu_us_per_decision: round(s.freshUs.reduce((a, b) => a + b, 0) / n, 2),
    decisions_by_word: s.decisions,
    mismatches: s.mismatches,
  };
}

const core = summary(replayCore(events, policy, { precompute: true, k: K, budgetUs: BUDGET_US, cacheEntries: 256 }), events);
const cacheOnly = summary(replayCore(events, policy, { precompute: false, k: K, budgetUs: BUDGET_US, cacheEntries: 256 }), events);
const device = await replayDevice(events, { k: K, budgetUs: BUDGET_US });

function popSummary(s: PopSamples) {
  const n = events.length;
  const p50 = (xs: number[]) => round(percentile(xs, 50), 2);
  const rate = (x: { n: number; hits: number }) => (x.n === 0 ? 0 : round(x.hits / x.n, 4));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const serve = sum(s.prepareHitUs) + sum(s.prepareMissUs) + sum(s.finishHitUs) + sum(s.finishMissUs);
  return {
    prepare_hit_rate: round(s.prepareHitUs.length / n, 4),
    prepare_hit_rate_structured: rate(s.byKind.structured),
    prepare_hit_rate_free_text: rate(s.byKind.free_text),
    prepare_hit_p50_us: p50(s.prepareHitUs),
    prepare_miss_p50_us: p50(s.prepareMissUs),
    prepare_fresh_p50_us: p50(s.prepareFreshUs),
    prepare_fresh_mean_us: round(sum(s.prepareFreshUs) / n, 2),
    finish_hit_rate: round(s.finishHitUs.length / n, 4),
    finish_hit_p50_us: p50(s.finishHitUs),
    finish_miss_p50_us: p50(s.finishMissUs),
    finish_fresh_p50_us: p50(s.finishFreshUs),
    warm_cpu_us_per_decision: round(s.warmUs / n, 2),
    precompute_cpu_share: round(s.warmUs / (s.warmUs + serve), 4),
    cpu_us_per_decision: round(serve / n, 2),
    fresh_cpu_us_per_decision: round((sum(s.prepareFreshUs) + sum(s.finishFreshUs)) / n, 2),
    pop_cache: s.popStats,
    mismatches: s.mismatches,
  };
}
const pop = popSummary(replayPop(events, policy, BUDGET_US));

const verdict = (s: { hit_rate_structured: number; hit_p50_us: number }) => ({
  hit_rate_structured_target: TARGET_HIT_RATE,
  hit_rate_structured_met: s.hit_rate_structured >= TARGET_HIT_RATE,
  hit_p50_us_target: TARGET_HIT_US,
  hit_p50_us_met: s.hit_p50_us <= TARGET_HIT_US,
});

const result = {
  hit_rate: core.hit_rate,
  hit_rate_structured: core.hit_rate_structured,
  hit_p50_us: core.hit_p50_us,
  miss_p50_us: core.miss_p50_us,
  precompute_cpu_share: core.precompute_cpu_share,
  load_average_1m_at_end: round(loadavg()[0] ?? 0, 2),
  trace: { ...DEFAULT_TRACE, events: events.length },
  policy: "default policy (its rules read agent.strikes)",
  precompute: { k: K, budget_us: BUDGET_US },
  core: { ...core, ...verdict(core) },
  core_cache_only: cacheOnly,
  pop,
  device,
};
console.log(
  table([
    ["path", "hit_rate", "structured", "free_text", "attack", "hit_p50_us", "miss_p50_us", "fresh_p50_us", "precompute_share", "mismatches"],
    ...[["core", core], ["core (no precompute)", cacheOnly], ["device", device]].map(([name, s]) => {
      const x = s as typeof core;
      return [name as string, x.hit_rate, x.hit_rate_structured, x.hit_rate_free_text, x.hit_rate_attack, x.hit_p50_us, x.miss_p50_us, x.fresh_p50_us ?? "-", x.precompute_cpu_share, x.mismatches ?? "-"];
    }),
  ]),
);
console.log(`pop: prepare hit rate ${pop.prepare_hit_rate} (structured ${pop.prepare_hit_rate_structured}), prepare hit/miss/fresh p50 ${pop.prepare_hit_p50_us}/${pop.prepare_miss_p50_us}/${pop.prepare_fresh_p50_us} us; finish hit rate ${pop.finish_hit_rate}, finish hit/fresh p50 ${pop.finish_hit_p50_us}/${pop.finish_fresh_p50_us} us; warm share ${pop.precompute_cpu_share}; mismatches ${pop.mismatches}`);
if (process.env.PREDICTIVE_K === undefined) console.log(`written ${await writeResult("predictive", result)}`);
else console.log(`PREDICTIVE_K=${K}: exploration run, results not written`);
