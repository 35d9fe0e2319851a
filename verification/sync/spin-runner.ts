/**
 * Run SPIN on a Promela model: `spin -a` generates the verifier, gcc compiles `pan`, `pan` searches the state
 * space, and its report is parsed. One check per call, in a fresh temporary folder (removed afterwards).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A safety run (assertions, invalid end states; `-DSAFETY`) or a liveness run of one LTL claim (`-a -f`: acceptance cycles under weak fairness). */
export type SpinCheck = { mode: "safety" } | { mode: "liveness"; claim: string };

/** What pan reported. */
export interface SpinResult {
  errors: number;
  statesStored: number;
  transitions: number;
  depth: number;
  memoryMb: number;
  seconds: number;
  /** The first violation pan reported (`assertion violated (…)`, `acceptance cycle`, `invalid end state`), or null. */
  violation: string | null;
  /** For a violation: the counterexample replayed with `spin -t -p` (its whole output), or null. */
  trail: string | null;
  /** pan's whole report, for failure messages. */
  report: string;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${(result.stderr || result.stdout).slice(0, 2000)}`);
  return result.stdout;
}

function numberAfter(report: string, pattern: RegExp): number {
  const match = pattern.exec(report);
  if (match === null || match[1] === undefined) throw new Error(`pan report without ${pattern}: ${report.slice(0, 2000)}`);
  return Number(match[1]);
}

/**
 * Parse pan's report.
 *
 * @example
 * parsePanReport("State-vector 120 byte, depth reached 215, errors: 0\n  1960676 states, stored\n …").errors; // 0
 */
export function parsePanReport(report: string): Omit<SpinResult, "trail" | "report"> {
  const violation = /pan:1: ([^\n]*?)(?: \(at depth \d+\))?\n/.exec(report)?.[1] ?? null;
  return {
    errors: numberAfter(report, /errors: (\d+)/),
    statesStored: numberAfter(report, /([\d.e+]+) states, stored/),
    transitions: numberAfter(report, /([\d.e+]+) transitions/),
    depth: numberAfter(report, /depth reached (\d+)/),
    memoryMb: numberAfter(report, /([\d.]+)\s+total actual memory usage/),
    seconds: numberAfter(report, /elapsed time ([\d.e+]+) seconds/),
    violation,
  };
}

/**
 * Whether `spin` and `gcc` can be run here.
 *
 * @example
 * if (!spinAvailable()) console.warn("install the Debian packages spin and gcc");
 */
export function spinAvailable(): boolean {
  return ["spin", "gcc"].every((tool) => spawnSync(tool, [tool === "spin" ? "-V" : "--version"], { encoding: "utf8" }).status === 0);
}

/**
 * Model-check `model` (Promela source text) with SPIN; exhaustive search (no bitstate hashing). Liveness runs
 * search for acceptance cycles of the named LTL claim under weak fairness (`pan -a -f -N claim`).
 *
 * @example
 * const r = checkModel(readFileSync("sync.pml", "utf8"), { mode: "liveness", claim: "bundle_live" });
 * r.errors; // 0
 */
export function checkModel(model: string, check: SpinCheck, options: { optimize?: "-O0" | "-O1" | "-O2" } = {}): SpinResult {
  const dir = mkdtempSync(join(tmpdir(), "nethical-spin-"));
  try {
    writeFileSync(join(dir, "model.pml"), model);
    run("spin", ["-a", "model.pml"], dir);
    const flags = check.mode === "safety" ? ["-DSAFETY", "-DNOCLAIM"] : [];
    // -O1: pan.c compiles in about 6 s and searches about 3 times faster than at -O0 (measured here); mutants, whose
    // counterexamples come within a few thousand states, use -O0 (compiles in about 2 s).
    run("gcc", [options.optimize ?? "-O1", "-w", ...flags, "-o", "pan", "pan.c"], dir);
    // -m: search depth bound (never reached: the report says "depth reached"); -w22: a 4M-slot hash table.
    const args = check.mode === "safety" ? ["-m400000", "-w22"] : ["-m400000", "-w22", "-a", "-f", "-N", check.claim];
    const pan = spawnSync("./pan", args, { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (pan.error !== undefined) throw pan.error;
    const report = pan.stdout;
    if (/error: max search depth too small/.test(report)) throw new Error("pan: search depth bound reached, the search was not exhaustive");
    const parsed = parsePanReport(report);
    let trail: string | null = null;
    if (parsed.errors > 0) {
      const replay = ["-t", "-p", "model.pml"];
      trail = run("spin", replay, dir);
    }
    return { ...parsed, trail, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
