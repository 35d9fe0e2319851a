/**
 * `npm run bench:agent-state`: CPU per decision inside the AgentState object's critical section, before and
 * after evaluate at the PoP, on the same corpus in the same run.
 *
 * - before: the transition as it was (the one-phase evaluate inside: `referenceApplyDecision`, the frozen copy);
 * - after: `applyPrepared` on an evaluation the Worker prepared (`prepareEvaluation`, timed separately as the
 *   PoP's cost), plus the extra structured-clone cost of sending the prepared evaluation instead of the
 *   request (what the RPC adds to the object's CPU), reported on its own;
 * - the object's fallback (`applyDecision`: prepare + finish inside, used when the Worker's bundle is older),
 *   to show the split costs the one-phase path nothing.
 *
 * Agent states vary (fresh, 4 strikes, terminated, rate limited) and rows are not advanced, so every
 * variant decides exactly the same inputs. The timed paths run in a rotating order per request (no warm-cache bias);
 * medians and ratios are reported. `max_decisions_per_s_one_agent` = 1e6 / median µs in the critical section:
 * an upper bound from CPU alone (no SQLite row read/write, no RPC dispatch), since one object decides one
 * request at a time. Writes bench/results/agent-state.json.
 */
import { applyDecision, applyPrepared, createBundle, defaultPolicy, loadPolicy, newRow, prepareEvaluation, type AgentRow, type EvaluateRequest, type LoadedPolicy, type PreparedEvaluation } from "@nethical/core";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { referenceApplyDecision } from "@nethical/core/testing/apply-decision-reference.ts";
import { table, writeResult } from "./lib/results.ts";
import { median, percentile, round } from "./lib/stats.ts";
import { syntheticPolicy } from "./lib/synthetic-policy.ts";

const NOW = Date.UTC(2026, 0, 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const SIZES = [100, 512, 1024, 2048, 4096, 8192];

/** Rows the corpus is decided under: fresh, a repeat offender (4 strikes), terminated, rate limited. */
function rows(loaded: LoadedPolicy): Record<string, AgentRow> {
  const fresh = newRow("bench", "arm-1", loaded.rateLimit, NOW);
  return {
    fresh,
    strikes_4: { ...fresh, seq: 40, requests: 40, violations: 6, strikes: 4, decisions: { ALLOW: 34, RESTRICT: 2, BLOCK: 4, TERMINATE: 0 } },
    terminated: { ...fresh, seq: 12, requests: 12, violations: 6, strikes: 5, decisions: { ALLOW: 6, RESTRICT: 0, BLOCK: 5, TERMINATE: 1 }, terminated: true, terminated_reason: "repeat offender", terminated_at: NOW - 1000, terminated_seq: 12 },
    rate_limited: { ...fresh, seq: 600, requests: 600, decisions: { ALLOW: 600, RESTRICT: 0, BLOCK: 0, TERMINATE: 0 }, tokens: 0, tokens_at: NOW },
  };
}

function us(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1000;
}

interface Samples {
  before: number[];
  after: number[];
  fallback: number[];
  prepare: number[];
  clone_request: number[];
  clone_prepared: number[];
}

function measure(loaded: LoadedPolicy, requests: readonly EvaluateRequest[]): Samples {
  const s: Samples = { before: [], after: [], fallback: [], prepare: [], clone_request: [], clone_prepared: [] };
  const states = Object.values(rows(loaded));
  const prepared: PreparedEvaluation[] = requests.map((r) => structuredClone(prepareEvaluation(r, loaded.compiled)));
  // Same answers, checked once (the differential tests check it exhaustively).
  for (const [i, r] of requests.entries()) {
    for (const row of states) {
      const a = JSON.stringify(referenceApplyDecision(row, loaded, r, NOW, `d${i}`));
      if (a !== JSON.stringify(applyPrepared(row, loaded, prepared[i] as PreparedEvaluation, NOW, `d${i}`))) throw new Error(`decision differs for request ${i}`);
    }
  }
  for (let round_ = 0; round_ < ROUNDS; round_++) {
    for (const [i, r] of requests.entries()) {
      const row = states[(i + round_) % states.length] as AgentRow;
      const p = prepared[i] as PreparedEvaluation;
      const id = `d${i}`;
      // the four timed paths run in a rotating order, so none always finds the request's caches warm
      const timed: (() => void)[] = [
        () => s.before.push(us(() => referenceApplyDecision(row, loaded, r, NOW, id))),
        () => s.after.push(us(() => applyPrepared(row, loaded, p, NOW, id))),
        () => s.fallback.push(us(() => applyDecision(row, loaded, r, NOW, id))),
        () => s.prepare.push(us(() => prepareEvaluation(r, loaded.compiled))),
      ];
      for (let k = 0; k < timed.length; k++) (timed[(i + round_ + k) % timed.length] as () => void)();
      s.clone_request.push(us(() => structuredClone(r)));
      s.clone_prepared.push(us(() => structuredClone(p)));
    }
  }
  return s;
}

function summarise(s: Samples) {
  const before = median(s.before);
  const after = median(s.after);
  const extraClone = Math.max(0, median(s.clone_prepared) - median(s.clone_request));
  return {
    do_us_per_decision_before: round(before, 3),
    do_us_per_decision_after: round(after, 3),
    ratio_after_over_before: round(after / before, 4),
    speedup: round(before / after, 1),
    do_p99_us_before: round(percentile(s.before, 99), 2),
    do_p99_us_after: round(percentile(s.after, 99), 2),
    rpc_extra_clone_us: round(extraClone, 3),
    do_us_per_decision_after_incl_extra_clone: round(after + extraClone, 3),
    fallback_us_per_decision: round(median(s.fallback), 3),
    fallback_over_before: round(median(s.fallback) / before, 3),
    pop_prepare_us_per_decision: round(median(s.prepare), 3),
    max_decisions_per_s_one_agent: {
      before: Math.round(1e6 / before),
      after: Math.round(1e6 / after),
      after_incl_extra_clone: Math.round(1e6 / (after + extraClone)),
      method: "computed: 1e6 / median critical-section µs in Node (CPU only; no SQLite row read/write, no RPC dispatch)",
    },
    samples: s.before.length,
  };
}

const policies: Record<string, LoadedPolicy> = {
  default_policy: loadPolicy(await createBundle("bench", 1, defaultPolicy())),
  synthetic_100_rules: loadPolicy(await createBundle("bench", 2, syntheticPolicy(100))),
};
const requests = buildCorpus({ count: 480, sizes: SIZES, seed: 16 }).map((i) => ({ ...i.request, agent_id: "arm-1" }));
// JIT warm-up of every path measured
for (const loaded of Object.values(policies)) {
  for (const r of requests) {
    const row = newRow("bench", "arm-1", loaded.rateLimit, NOW);
    applyDecision(row, loaded, r, NOW, "warm");
    referenceApplyDecision(row, loaded, r, NOW, "warm");
    applyPrepared(row, loaded, prepareEvaluation(r, loaded.compiled), NOW, "warm");
  }
}

const byPolicy: Record<string, ReturnType<typeof summarise>> = {};
const rowsOut: (string | number)[][] = [["policy", "before_us", "after_us", "ratio", "extra_clone_us", "fallback_us", "prepare_us", "max/s before", "max/s after"]];
for (const [name, loaded] of Object.entries(policies)) {
  const summary = summarise(measure(loaded, requests));
  byPolicy[name] = summary;
  rowsOut.push([name, summary.do_us_per_decision_before, summary.do_us_per_decision_after, summary.ratio_after_over_before, summary.rpc_extra_clone_us, summary.fallback_us_per_decision, summary.pop_prepare_us_per_decision, summary.max_decisions_per_s_one_agent.before, summary.max_decisions_per_s_one_agent.after]);
}
const head = byPolicy.default_policy as ReturnType<typeof summarise>;
console.log(`bench:agent-state — AgentState critical section per decision, ${ROUNDS} rounds × ${requests.length} requests (${SIZES.join("/")} B) × 4 agent states\n`);
console.log(table(rowsOut));
const file = await writeResult("agent-state", {
  do_us_per_decision_before: head.do_us_per_decision_before,
  do_us_per_decision_after: head.do_us_per_decision_after,
  ratio_after_over_before: head.ratio_after_over_before,
  max_decisions_per_s_one_agent: head.max_decisions_per_s_one_agent,
  policy: "default_policy (the numbers above); by_policy has both",
  corpus: `buildCorpus(480 requests, ${SIZES.join("/")} bytes, benign and harmful, seed 16) × agent states fresh / 4 strikes / terminated / rate limited`,
  before: "referenceApplyDecision: the one-phase evaluate inside the critical section (the transition before the split)",
  after: "applyPrepared on the Worker's prepared evaluation (agent-state rules + combination + transition)",
  note: "Node in-process medians; the object's SQLite row read/write and RPC dispatch are not included (the same before and after). rpc_extra_clone_us: structuredClone(prepared) − structuredClone(request), the extra (de)serialisation the RPC adds; a full clone is an upper bound on the object's share of it.",
  rounds: ROUNDS,
  by_policy: byPolicy,
});
console.log(`wrote ${file}`);
