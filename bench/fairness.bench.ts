/**
 * What fairness costs per decision (Node, WebCrypto as in workerd): stamping a decision's cohort — one
 * HMAC-SHA256 of the context value under the tenant's key (shared/src/fairness/cohort.ts) — against the
 * baseline already paid for every decision in the same run, the request hash (SHA-256 of the request's
 * canonical JSON). Medians of 9 rounds × 2,000 calls; ratio = cohort ÷ request hash. Also the report's
 * arithmetic for 50 cohorts. Writes bench/results/fairness.json. Run: `npm run bench:fairness`.
 */
import { cohortId, cohortKey, contextValue, fairnessReport, requestHash } from "@nethical/core";
import { table, writeResult } from "./lib/results.ts";
import { median, round } from "./lib/stats.ts";

const ROUNDS = 9;
const CALLS = 2_000;
const request = { agent_id: "loan-bot-3", action: "decide loan application 4711", action_type: "tool_call", context: { applicant: { group: "B", region: "north" }, amount: 12_000 } };
const key = await cohortKey(crypto.getRandomValues(new Uint8Array(32)));

async function perCallUs(fn: () => Promise<unknown>): Promise<number> {
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    for (let i = 0; i < CALLS; i++) await fn();
    rounds.push(((performance.now() - started) * 1000) / CALLS);
  }
  return median(rounds);
}

const baseline = await perCallUs(() => requestHash(request));
const cohort = await perCallUs(() => cohortId(key, "applicant.group", contextValue(request.context, "applicant.group")!));
const counts = Array.from({ length: 50 }, (_, i) => ({ cohort: `c${i}`, label: null, ALLOW: 100 + i, RESTRICT: 5, BLOCK: 20 + (i % 7), TERMINATE: 0 }));
const report = await perCallUs(async () => fairnessReport(counts, { minCohort: 30 }));
const result = {
  what: `median µs per call in Node ${process.versions.node}, ${ROUNDS} rounds × ${CALLS} calls`,
  request_hash_us: round(baseline),
  cohort_stamp_us: round(cohort),
  cohort_vs_request_hash_ratio: round(cohort / baseline),
  report_50_cohorts_us: round(report),
};
const file = await writeResult("fairness", result);
console.log(table([
  ["step", "median µs"],
  ["request hash (baseline, every decision)", result.request_hash_us],
  ["cohort stamp (HMAC, when a field is set)", result.cohort_stamp_us],
  ["report for 50 cohorts", result.report_50_cohorts_us],
]));
console.log(`cohort ÷ request hash = ${result.cohort_vs_request_hash_ratio} → ${file}`);
