import { describe, expect, it } from "vitest";
import { burnRates, evaluateSlo, MIN_ALERT_REQUESTS, SLO_WINDOW_NAMES, type SloWindowName, type WindowCounts } from "./burn-rate.ts";
import { SLO_PROFILES } from "./profiles.ts";

/** The MetricsStore's bounds (durable-objects/src/metrics-store/buckets.ts). */
const BOUNDS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

/** A histogram with `n` requests at each of the given latencies (ms). */
function window(latencies: Record<number, number>, degraded = 0): WindowCounts {
  const counts = new Array<number>(BOUNDS.length + 1).fill(0);
  let total = 0;
  for (const [ms, n] of Object.entries(latencies)) {
    const i = BOUNDS.findIndex((b) => Number(ms) <= b);
    counts[i === -1 ? BOUNDS.length : i]! += n;
    total += n;
  }
  return { counts, total, degraded };
}

const all = (w: WindowCounts) => Object.fromEntries(SLO_WINDOW_NAMES.map((n) => [n, w])) as Record<SloWindowName, WindowCounts>;

describe("burnRates", () => {
  it("computes each objective's bad share over its error budget (hand-computed)", () => {
    // cloud: p50 50 ms, p95 100 ms, p99 250 ms, availability 99.9%
    // 1000 requests: 600 at 20 ms, 300 at 80 ms, 80 at 200 ms, 20 at 400 ms; 2 degraded
    const rates = burnRates(SLO_PROFILES.cloud, BOUNDS, window({ 20: 600, 80: 300, 200: 80, 400: 20 }, 2));
    expect(rates.p50).toBeCloseTo(400 / 1000 / 0.5); // 0.8
    expect(rates.p95).toBeCloseTo(100 / 1000 / 0.05); // 2
    expect(rates.p99).toBeCloseTo(20 / 1000 / 0.01); // 2
    expect(rates.availability).toBeCloseTo(2 / 1000 / 0.001); // 2
  });

  it("counts a request exactly at the threshold as within it (bucket bounds are inclusive)", () => {
    expect(burnRates(SLO_PROFILES.edge, BOUNDS, window({ 25: 10 })).p99).toBe(0);
  });

  it("is null for an empty window", () => {
    expect(burnRates(SLO_PROFILES.cloud, BOUNDS, window({})).p99).toBeNull();
  });

  it("refuses a threshold that is not a histogram bound", () => {
    expect(() => burnRates(SLO_PROFILES.cloud, [1, 2], window({ 1: 1 }))).toThrow(RangeError);
  });
});

describe("evaluateSlo", () => {
  it("fires fast_burn only when both the 1 h and the 5 min window burn over 14.4", () => {
    const bad = window({ 20: 80 }, 20); // 25% degraded: availability burn 250
    const good = window({ 20: 100 });
    const both = evaluateSlo(SLO_PROFILES.cloud, BOUNDS, { ...all(good), "1h": bad, "5m": bad });
    expect(both.alerts.find((a) => a.alert === "fast_burn")).toEqual({ alert: "fast_burn", firing: true, objectives: ["availability"] });
    expect(both.alerts.find((a) => a.alert === "slow_burn")?.firing).toBe(false);
    const recovered = evaluateSlo(SLO_PROFILES.cloud, BOUNDS, { ...all(good), "1h": bad, "5m": good });
    expect(recovered.alerts.every((a) => !a.firing)).toBe(true);
    const blip = evaluateSlo(SLO_PROFILES.cloud, BOUNDS, { ...all(good), "5m": bad });
    expect(blip.alerts.every((a) => !a.firing)).toBe(true);
  });

  it("fires on latency: the p99 objective of safety-critical (50 ms) with 20% of answers at 100 ms", () => {
    const slow = window({ 10: 80, 100: 20 });
    const e = evaluateSlo(SLO_PROFILES["safety-critical"], BOUNDS, all(slow));
    expect(e.burn_rates["5m"].p99).toBeCloseTo(20); // 20% over 50 ms / 1%
    expect(e.burn_rates["5m"].p95).toBeCloseTo(4); // 20% over 25 ms / 5%: under both thresholds
    expect(e.alerts.map((a) => [a.alert, a.firing, a.objectives])).toEqual([
      ["fast_burn", true, ["p99"]],
      ["slow_burn", true, ["p99"]],
    ]);
  });

  it("never fires on p50 (its burn rate cannot exceed 2)", () => {
    const e = evaluateSlo(SLO_PROFILES.cloud, BOUNDS, all(window({ 60: 100 })));
    expect(e.burn_rates["1h"].p50).toBe(2);
    expect(e.alerts.every((a) => !a.objectives.includes("p50"))).toBe(true);
  });

  it("needs MIN_ALERT_REQUESTS requests in the long window", () => {
    const few = window({ 20: 0 }, 0);
    const tiny: WindowCounts = { ...few, counts: few.counts.map((c, i) => (i === 4 ? MIN_ALERT_REQUESTS - 1 : c)), total: MIN_ALERT_REQUESTS - 1, degraded: MIN_ALERT_REQUESTS - 1 };
    expect(evaluateSlo(SLO_PROFILES.cloud, BOUNDS, all(tiny)).alerts.every((a) => !a.firing)).toBe(true);
  });
});
