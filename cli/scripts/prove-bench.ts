/**
 * `node cli/scripts/prove-bench.ts`: SMT proof cost vs the example-based analysis (the baseline), measured in
 * the same run: per policy, median analyzePolicy time, total provePolicy time, its query count, median query
 * time, unknowns and findings. Numbers go to README "Proofs over policies (SMT)".
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzePolicy, parsePolicyValue } from "@nethical/core";
import { syntheticPolicy } from "@nethical/core/testing/synthetic-policy.ts";
import { provePolicy } from "../src/prove/prove.ts";
import { shutdownZ3 } from "../src/prove/z3.ts";

const root = join(import.meta.dirname, "..", "..");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const policies: [string, unknown][] = [
  ["examples/policies/broken.yaml", parsePolicyValue(readFileSync(join(root, "examples/policies/broken.yaml"), "utf8"), "yaml")],
  ["examples/policies/acme.yaml", parsePolicyValue(readFileSync(join(root, "examples/policies/acme.yaml"), "utf8"), "yaml")],
  ["syntheticPolicy(100)", syntheticPolicy(100)],
];
const runs = Number(process.env.PROVE_RUNS ?? 3);
console.log(`load average at start: ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")} (${(await import("node:os")).cpus().length} cores)`);
console.log("| policy | analyzePolicy median (baseline) | provePolicy median (total) | ratio | queries | median query | unknown | proof findings |");
console.log("|---|---|---|---|---|---|---|---|");
for (const [name, doc] of policies) {
  const base: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    analyzePolicy(doc);
    base.push(performance.now() - t);
  }
  const totals: number[] = [];
  let last;
  const n = name.startsWith("synthetic") ? 1 : runs; // one run of the 100-rule policy: it takes minutes
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    last = await provePolicy(doc, { timeoutMs: 2000 });
    totals.push(performance.now() - t);
  }
  const r = last!;
  const counts = Object.entries(r.findings.reduce<Record<string, number>>((m, f) => ((m[`${f.code} ${f.status}`] = (m[`${f.code} ${f.status}`] ?? 0) + 1), m), {}))
    .map(([k, v]) => `${v} ${k}`)
    .join(", ");
  const b = median(base);
  const p = median(totals);
  console.log(`| ${name} | ${b.toFixed(1)} ms | ${p.toFixed(0)} ms | ${(p / b).toFixed(0)}× | ${r.queryMs.length} | ${median(r.queryMs).toFixed(1)} ms | ${r.unknown} | ${counts} |`);
}
await shutdownZ3();
