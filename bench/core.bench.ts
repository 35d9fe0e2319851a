/**
 * `npm run bench:core`: in-process evaluate over a mixed corpus (benign and harmful actions, 100 B–8 KB)
 * with the full law pack and a 100-rule policy. Reports p50/p99 µs and decisions/s for 1 KB actions and
 * the ratio against a baseline measured in the same run (JSON.parse + JSON.stringify of the same request).
 * Writes bench/results/core.json.
 */
import { compilePolicy, createBundle, emptyAgentState, evaluate, setClassifierEnabled, type EvaluateRequest } from "@nethical/core";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { table, writeResult } from "./lib/results.ts";
import { percentile, round } from "./lib/stats.ts";
import { syntheticPolicy } from "./lib/synthetic-policy.ts";

const NOW = Date.UTC(2026, 0, 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

function timeEach(requests: readonly EvaluateRequest[], fn: (r: EvaluateRequest) => unknown): number[] {
  const samples: number[] = new Array(requests.length);
  for (let i = 0; i < requests.length; i++) {
    const start = process.hrtime.bigint();
    fn(requests[i] as EvaluateRequest);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  return samples;
}

const policy = compilePolicy(await createBundle("bench", 1, syntheticPolicy(100)));
const state = emptyAgentState();
const run = (r: EvaluateRequest) => evaluate(r, policy, state, NOW);
const baseline = (r: EvaluateRequest) => JSON.stringify(JSON.parse(JSON.stringify(r)));

const sizes = [100, 512, 1024, 2048, 4096, 8192];
const rows: (string | number)[][] = [["size_bytes", "p50_us", "p99_us", "decisions_per_s", "baseline_p50_us", "ratio"]];
const bySize: Record<string, { p50_us: number; p99_us: number; decisions_per_s: number; baseline_p50_us: number }> = {};
for (const size of sizes) {
  const requests = buildCorpus({ count: 500, sizes: [size], seed: size }).map((i) => i.request);
  for (const r of requests) run(r); // warm-up: JIT and caches
  const samples: number[] = [];
  const base: number[] = [];
  let totalUs = 0;
  for (let round_ = 0; round_ < ROUNDS; round_++) {
    const s = timeEach(requests, run);
    samples.push(...s);
    totalUs += s.reduce((a, b) => a + b, 0);
    base.push(...timeEach(requests, baseline));
  }
  const p50 = percentile(samples, 50);
  const entry = {
    p50_us: round(p50),
    p99_us: round(percentile(samples, 99)),
    decisions_per_s: Math.round(samples.length / (totalUs / 1e6)),
    baseline_p50_us: round(percentile(base, 50)),
  };
  bySize[size] = entry;
  rows.push([size, entry.p50_us, entry.p99_us, entry.decisions_per_s, entry.baseline_p50_us, round(p50 / percentile(base, 50))]);
}

const kb = bySize[1024] as (typeof bySize)[string];

// classifier cost inside evaluate: 1 KB requests, rounds alternating without / with it, same run
const kbRequests = buildCorpus({ count: 500, sizes: [1024], seed: 1024 }).map((i) => i.request);
const withoutCls: number[] = [];
const withCls: number[] = [];
for (let round_ = 0; round_ < ROUNDS; round_++) {
  setClassifierEnabled(false);
  withoutCls.push(...timeEach(kbRequests, run));
  setClassifierEnabled(true);
  withCls.push(...timeEach(kbRequests, run));
}
const clsCost = { evaluate_p50_us_without_classifier: round(percentile(withoutCls, 50)), evaluate_p50_us_with_classifier: round(percentile(withCls, 50)) };
const decisions = buildCorpus({ count: 500, sizes, seed: 99 }).map((i) => run(i.request).decision);
const mix = Object.fromEntries(["ALLOW", "RESTRICT", "BLOCK", "TERMINATE"].map((d) => [d, decisions.filter((x) => x === d).length]));
console.log(`bench:core — evaluate with the law pack + 100 tenant rules, ${ROUNDS} rounds × 500 requests per size\n`);
console.log(table(rows));
console.log(`\ndecision mix over the mixed corpus (500 requests, 100 B–8 KB): ${JSON.stringify(mix)}`);
console.log(`classifier in evaluate, 1 KB: p50 ${clsCost.evaluate_p50_us_without_classifier} µs without, ${clsCost.evaluate_p50_us_with_classifier} µs with (adds ${round(clsCost.evaluate_p50_us_with_classifier - clsCost.evaluate_p50_us_without_classifier)} µs; target ≤ 20 µs/KB: ${clsCost.evaluate_p50_us_with_classifier - clsCost.evaluate_p50_us_without_classifier <= 20 ? "met" : "MISSED"})`);
console.log(`targets for 1 KB: p50 ≤ 25 µs (${kb.p50_us <= 25 ? "met" : "MISSED"}), p99 ≤ 100 µs (${kb.p99_us <= 100 ? "met" : "MISSED"})`);
const file = await writeResult("core", {
  p50_us: kb.p50_us,
  p99_us: kb.p99_us,
  decisions_per_s: kb.decisions_per_s,
  baseline_ratio: round(kb.p50_us / kb.baseline_p50_us),
  baseline: "JSON.parse(JSON.stringify(request)) then JSON.stringify, same requests, same run",
  rules: 100,
  by_size: bySize,
  decision_mix: mix,
  classifier_1kb: clsCost,
});
console.log(`wrote ${file}`);
