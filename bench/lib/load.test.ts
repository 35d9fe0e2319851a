/**
 * The load and soak suites' own parts, without a server: the figures of bench/results/http.json (names
 * docs/RELIABILITY.md relies on, percentiles, ratio, rps), the RSS figures of bench/results/soak.json, the
 * bounded drivers, and the /proc readers on this process.
 */
import { describe, expect, it } from "vitest";
import { descendantsNamed, drive, LEVEL_FIELDS, levelFigures, memoryFigures, paced, rssMb, slope, vmRssMb } from "./load.ts";

describe("levelFigures", () => {
  it("has exactly the http.json field names, nearest-rank percentiles, the p50 ratio and evaluate rps", () => {
    const evaluate = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 ms
    const noop = Array.from({ length: 100 }, (_, i) => (i + 1) / 4); // 0.25..25 ms
    const figures = levelFigures(evaluate, noop, 2);
    expect(Object.keys(figures)).toEqual([...LEVEL_FIELDS]);
    expect(LEVEL_FIELDS).toEqual(["evaluate_p50_ms", "evaluate_p99_ms", "noop_p50_ms", "noop_p99_ms", "overhead_ratio", "rps"]);
    expect(figures).toEqual({ evaluate_p50_ms: 50, evaluate_p99_ms: 99, noop_p50_ms: 12.5, noop_p99_ms: 24.75, overhead_ratio: 4, rps: 50 });
  });

  it("rounds, and refuses empty samples or no time", () => {
    expect(levelFigures([10.123456], [3], 3).overhead_ratio).toBe(3.37);
    expect(() => levelFigures([], [1], 1)).toThrow(/no samples/);
    expect(() => levelFigures([1], [1], 0)).toThrow(/ran for/);
  });
});

describe("memoryFigures", () => {
  it("first, last, max and the least-squares slope per minute, whole run and second half", () => {
    const samples = [0, 60, 120, 180, 240].map((t, i) => ({ t_s: t, rss_mb: [100, 110, 130, 130, 120][i] as number }));
    expect(memoryFigures(samples)).toEqual({ rss_first_mb: 100, rss_last_mb: 120, rss_max_mb: 130, rss_slope_mb_per_min: 6, rss_slope_second_half_mb_per_min: -5 });
    expect(slope([0, 1, 2], [1, 3, 5])).toBe(2);
    expect(slope([1], [1])).toBe(0);
    expect(slope([2, 2], [1, 5])).toBe(0);
    expect(() => memoryFigures([])).toThrow(/no RSS/);
  });
});

describe("drivers", () => {
  it("drive makes exactly `total` calls with at most `concurrency` in flight and counts throws as errors", async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const result = await drive({ total: 50, concurrency: 8, maxSeconds: 30 }, async (i) => {
      seen.push(i);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      if (i % 10 === 0) throw new Error("planted");
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(most).toBe(8);
    expect(result.errors).toBe(5);
    expect(result.samples).toHaveLength(45);
    expect(result.timedOut).toBe(false);
  });

  it("drive stops starting calls at its time bound", async () => {
    const result = await drive({ total: 1_000_000, concurrency: 2, maxSeconds: 0.05 }, () => new Promise((r) => setTimeout(r, 5)));
    expect(result.timedOut).toBe(true);
    expect(result.samples.length).toBeLessThan(100);
  });

  it("paced starts rps × seconds calls, skips slots while maxInFlight are busy, and reports each", async () => {
    const results: boolean[] = [];
    const quick = await paced({ rps: 200, seconds: 0.1, maxInFlight: 4 }, async (i) => {
      if (i === 3) throw new Error("planted");
    }, (_i, _ms, failed) => results.push(failed));
    expect(quick).toEqual({ started: 20, completed: 19, errors: 1, skipped: 0 });
    expect(results.filter(Boolean)).toHaveLength(1);
    const stuck = await paced({ rps: 200, seconds: 0.1, maxInFlight: 2 }, () => new Promise((r) => setTimeout(r, 2_000)));
    expect(stuck.started).toBe(2);
    expect(stuck.skipped).toBe(18);
    expect(stuck.completed).toBe(2);
  });
});

describe("/proc", () => {
  it("reads VmRSS in MB", () => {
    expect(vmRssMb("Name:\tworkerd\nVmRSS:\t  204800 kB\nVmSwap:\t0 kB\n")).toBe(200);
    expect(vmRssMb("Name:\tzombie\n")).toBeNull();
  });

  it.runIf(process.platform === "linux")("finds a child by name and reads this process's RSS", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn("sleep", ["5"]);
    try {
      await new Promise((r) => child.once("spawn", r));
      expect(await descendantsNamed(process.pid, "sleep")).toContain(child.pid);
      expect(await descendantsNamed(process.pid, "no-such-process")).toEqual([]);
    } finally {
      child.kill();
    }
    expect(await rssMb([process.pid])).toBeGreaterThan(10);
    expect(await rssMb([2 ** 22 + 12345])).toBeNull();
  });
});
