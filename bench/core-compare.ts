/**
 * `npm run bench:core:compare`: runs `bench:core` on this tree and on a baseline commit (default: the last
 * commit before issue #10 changed the detectors and the classifier) in the same run, alternating, and
 * reports the ratio of their 1 KB p50s. The baseline is a temporary `git worktree` whose node_modules link
 * to this tree's packages (the @nethical/* links are made relative, so they resolve inside the worktree);
 * it is removed afterwards. Writes bench/results/core-compare.json.
 *
 *   BASELINE_COMMIT=<sha> COMPARE_RUNS=3 BENCH_ROUNDS=10 npm run bench:core:compare
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeResult } from "./lib/results.ts";
import { median, round } from "./lib/stats.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BASELINE = process.env.BASELINE_COMMIT ?? "a44629d";
const RUNS = Number(process.env.COMPARE_RUNS ?? 3);
const ROUNDS = process.env.BENCH_ROUNDS ?? "10";

/**
 * Make a worktree of `commit` under a fresh temporary folder with node_modules linked to `root`'s.
 *
 * @example
 * const dir = baselineTree(ROOT, "a44629d"); // … then removeTree(ROOT, dir)
 */
export function baselineTree(root: string, commit: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "nethical-baseline-")), "tree");
  execFileSync("git", ["-C", root, "worktree", "add", "--detach", dir, commit], { stdio: "ignore" });
  const nm = join(dir, "node_modules");
  mkdirSync(nm);
  for (const entry of readdirSync(join(root, "node_modules"))) {
    if (entry === "@nethical") continue;
    symlinkSync(join(root, "node_modules", entry), join(nm, entry));
  }
  mkdirSync(join(nm, "@nethical"));
  for (const pkg of readdirSync(join(root, "node_modules", "@nethical"))) {
    symlinkSync(readlinkSync(join(root, "node_modules", "@nethical", pkg)), join(nm, "@nethical", pkg));
  }
  return dir;
}

/**
 * Remove a worktree made by baselineTree.
 *
 * @example
 * removeTree(ROOT, tree); // the worktree from baselineTree is gone, with its temporary folder
 */
export function removeTree(root: string, dir: string): void {
  execFileSync("git", ["-C", root, "worktree", "remove", "--force", dir], { stdio: "ignore" });
  rmSync(dirname(dir), { recursive: true, force: true });
}

function runCore(tree: string): number {
  execFileSync(process.execPath, ["bench/core.bench.ts"], { cwd: tree, env: { ...process.env, BENCH_ROUNDS: ROUNDS }, stdio: "ignore" });
  const result = JSON.parse(readFileSync(join(tree, "bench", "results", "core.json"), "utf8")) as { p50_us: number };
  return result.p50_us;
}

async function main(): Promise<void> {
  const base = baselineTree(ROOT, BASELINE);
  const head: number[] = [];
  const baseline: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      baseline.push(runCore(base));
      head.push(runCore(ROOT));
      console.log(`run ${i + 1}/${RUNS}: 1 KB p50 baseline ${baseline[i]} µs, this tree ${head[i]} µs`);
    }
  } finally {
    removeTree(ROOT, base);
  }
  const ratio = median(head) / median(baseline);
  console.log(`median p50 at 1 KB: baseline (${BASELINE}) ${median(baseline)} µs, this tree ${median(head)} µs, ratio ${round(ratio)} (target ≤ 1.2: ${ratio <= 1.2 ? "met" : "MISSED"})`);
  const file = await writeResult("core-compare", {
    baseline_commit: BASELINE,
    runs: RUNS,
    rounds_per_run: Number(ROUNDS),
    baseline_p50_us: baseline,
    head_p50_us: head,
    median_baseline_p50_us: median(baseline),
    median_head_p50_us: median(head),
    ratio: round(ratio),
    target_ratio: 1.2,
  });
  console.log(`wrote ${file}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
