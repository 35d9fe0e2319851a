/**
 * The load and soak suites' own parts (bench/http-load.bench.ts, bench/http-soak.bench.ts): a closed-loop
 * driver and an open-loop (paced) driver, both bounded in count and time; the per-concurrency figures of
 * bench/results/http.json; memory figures (first, last, max, least-squares slope) over RSS samples; and
 * reading a process tree's RSS from /proc (Linux).
 */
import { readFile, readdir } from "node:fs/promises";
import { percentile, round } from "./stats.ts";

/** One concurrency level's figures in bench/results/http.json (docs/RELIABILITY.md reads these names). */
export interface LevelFigures {
  evaluate_p50_ms: number;
  evaluate_p99_ms: number;
  noop_p50_ms: number;
  noop_p99_ms: number;
  /** evaluate p50 / no-op p50, both measured in the same run at the same concurrency. */
  overhead_ratio: number;
  /** Evaluate answers per second of wall time while evaluate alone ran at this concurrency. */
  rps: number;
}

/** The field names of {@link LevelFigures}, in the order the table prints them. */
export const LEVEL_FIELDS = ["evaluate_p50_ms", "evaluate_p99_ms", "noop_p50_ms", "noop_p99_ms", "overhead_ratio", "rps"] as const;

/**
 * A level's figures from the latencies (ms) of evaluate and no-op calls and the seconds evaluate ran for.
 *
 * @example
 * levelFigures([10, 12], [5, 6], 0.5); // { evaluate_p50_ms: 10, …, overhead_ratio: 2, rps: 4 }
 */
export function levelFigures(evaluateMs: readonly number[], noopMs: readonly number[], evaluateSeconds: number): LevelFigures {
  if (!(evaluateSeconds > 0)) throw new Error(`evaluate ran for ${evaluateSeconds} s`);
  const e50 = percentile(evaluateMs, 50);
  const n50 = percentile(noopMs, 50);
  return {
    evaluate_p50_ms: round(e50, 2),
    evaluate_p99_ms: round(percentile(evaluateMs, 99), 2),
    noop_p50_ms: round(n50, 2),
    noop_p99_ms: round(percentile(noopMs, 99), 2),
    overhead_ratio: round(e50 / n50, 2),
    rps: round(evaluateMs.length / evaluateSeconds, 1),
  };
}

/** What a driver run measured. */
export interface DriveResult {
  /** Latency of each call that answered as expected, ms. */
  samples: number[];
  /** Calls that threw (wrong status, network error, timeout). */
  errors: number;
  /** Wall time from the first call to the last answer, s. */
  seconds: number;
  /** Whether the time bound stopped the run before `total` calls were made. */
  timedOut: boolean;
}

/**
 * Closed loop: `concurrency` workers make `total` calls between them, each starting its next call when
 * the last one answered. Stops starting calls after `maxSeconds`. A call that throws counts as an error.
 *
 * @example
 * const { samples } = await drive({ total: 100, concurrency: 4, maxSeconds: 60 }, () => fetch(url).then((r) => r.arrayBuffer()));
 */
export async function drive(options: { total: number; concurrency: number; maxSeconds: number }, call: (i: number) => Promise<unknown>): Promise<DriveResult> {
  const samples: number[] = [];
  let errors = 0;
  let next = 0;
  let timedOut = false;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  const worker = async () => {
    while (next < options.total) {
      if (performance.now() > deadline) {
        timedOut = true;
        return;
      }
      const i = next++;
      const t = performance.now();
      try {
        await call(i);
        samples.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, options.total)) }, worker));
  return { samples, errors, seconds: (performance.now() - started) / 1000, timedOut };
}

/** What a paced run measured. */
export interface PacedResult {
  started: number;
  completed: number;
  errors: number;
  /** Slots skipped because `maxInFlight` calls were still running (the server fell behind the rate). */
  skipped: number;
}

/**
 * Open loop: start call `i` at `i / rps` seconds, for `seconds`, with at most `maxInFlight` running (a
 * slot that finds them all busy is skipped, not made up later, so a slow server is never sent a burst).
 * `onResult` sees each call's index, latency and whether it failed. Returns after the last call answered.
 *
 * @example
 * await paced({ rps: 50, seconds: 600, maxInFlight: 32 }, (i) => send(i), (i, ms, failed) => record(i, ms, failed));
 */
export async function paced(
  options: { rps: number; seconds: number; maxInFlight: number },
  call: (i: number) => Promise<unknown>,
  onResult: (i: number, ms: number, failed: boolean) => void = () => {},
): Promise<PacedResult> {
  if (!(options.rps > 0 && options.seconds > 0 && options.maxInFlight > 0)) throw new Error("paced needs rps, seconds and maxInFlight > 0");
  const total = Math.floor(options.rps * options.seconds);
  const result: PacedResult = { started: 0, completed: 0, errors: 0, skipped: 0 };
  const inFlight = new Set<Promise<void>>();
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / options.rps - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight.size >= options.maxInFlight) {
      result.skipped++;
      continue;
    }
    result.started++;
    const t = performance.now();
    const p: Promise<void> = call(i).then(
      () => {
        result.completed++;
        onResult(i, performance.now() - t, false);
      },
      () => {
        result.errors++;
        onResult(i, performance.now() - t, true);
      },
    );
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  return result;
}

/** One memory sample: seconds since the start, resident set size in MB. */
export interface RssSample {
  t_s: number;
  rss_mb: number;
}

/**
 * Least-squares slope of `y` over `x` (0 with fewer than two distinct x).
 *
 * @example
 * slope([0, 1, 2], [1, 3, 5]); // 2
 */
export function slope(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i] as number;
    sy += y[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    sxy += dx * ((y[i] as number) - my);
    sxx += dx * dx;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/** The soak's memory figures. */
export interface MemoryFigures {
  rss_first_mb: number;
  rss_last_mb: number;
  rss_max_mb: number;
  /** Least-squares slope over every sample, MB per minute. */
  rss_slope_mb_per_min: number;
  /** The same over the second half of the run only (after caches, JIT and storage have warmed up). */
  rss_slope_second_half_mb_per_min: number;
}

/**
 * First, last, max and the slope per minute (whole run and second half) of RSS samples.
 *
 * @example
 * memoryFigures([{ t_s: 0, rss_mb: 100 }, { t_s: 60, rss_mb: 101 }]); // slope 1 MB/min
 */
export function memoryFigures(samples: readonly RssSample[]): MemoryFigures {
  const first = samples[0];
  const last = samples.at(-1);
  if (first === undefined || last === undefined) throw new Error("no RSS samples");
  const perMin = (xs: readonly RssSample[]) => slope(xs.map((s) => s.t_s / 60), xs.map((s) => s.rss_mb));
  const half = samples.filter((s) => s.t_s >= (first.t_s + last.t_s) / 2);
  return {
    rss_first_mb: round(first.rss_mb, 1),
    rss_last_mb: round(last.rss_mb, 1),
    rss_max_mb: round(Math.max(...samples.map((s) => s.rss_mb)), 1),
    rss_slope_mb_per_min: round(perMin(samples), 3),
    rss_slope_second_half_mb_per_min: round(perMin(half), 3),
  };
}

/**
 * The `VmRSS` of a /proc/<pid>/status text, in MB (null when absent, e.g. a zombie).
 *
 * @example
 * vmRssMb("Name:\tworkerd\nVmRSS:\t  204800 kB\n"); // 200
 */
export function vmRssMb(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match === null ? null : Number(match[1]) / 1024;
}

/**
 * The pids of the processes named `name` (its /proc comm) among `root`'s descendants (Linux /proc).
 *
 * @example
 * await descendantsNamed(dev.process.pid, "workerd"); // [12345]
 */
export async function descendantsNamed(root: number, name: string): Promise<number[]> {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split at the last ')'.
      const close = stat.lastIndexOf(")");
      names.set(Number(entry), stat.slice(stat.indexOf("(") + 1, close));
      parents.set(Number(entry), Number(stat.slice(close + 2).split(" ")[1]));
    } catch {
      // the process ended while we listed
    }
  }
  const found: number[] = [];
  for (const [pid] of names) {
    let p: number | undefined = pid;
    for (let depth = 0; p !== undefined && p > 1 && depth < 64; depth++) {
      p = parents.get(p);
      if (p === root) {
        if (names.get(pid) === name) found.push(pid);
        break;
      }
    }
  }
  return found.sort((a, b) => a - b);
}

/**
 * The summed RSS (MB) of `pids` from /proc, skipping those that are gone; null when none could be read.
 *
 * @example
 * await rssMb([12345]); // 212.4
 */
export async function rssMb(pids: readonly number[]): Promise<number | null> {
  let total = 0;
  let read = 0;
  for (const pid of pids) {
    try {
      const mb = vmRssMb(await readFile(`/proc/${pid}/status`, "utf8"));
      if (mb !== null) {
        total += mb;
        read++;
      }
    } catch {
      // gone
    }
  }
  return read === 0 ? null : total;
}
