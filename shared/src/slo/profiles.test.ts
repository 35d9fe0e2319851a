import { describe, expect, it } from "vitest";
import { decisionBudgetMs, DEFAULT_SLO_PROFILE, isSloProfileName, SLO_PROFILE_NAMES, SLO_PROFILES } from "./profiles.ts";

/** The MetricsStore's bounds (durable-objects/src/metrics-store/buckets.ts). */
const BOUNDS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

describe("SLO profiles", () => {
  it("hold the issue's targets", () => {
    expect(SLO_PROFILES.edge.latency_ms).toEqual({ p50: 5, p95: 10, p99: 25 });
    expect(SLO_PROFILES.cloud).toMatchObject({ latency_ms: { p50: 50, p95: 100, p99: 250 }, availability: 0.999 });
    expect(SLO_PROFILES["safety-critical"]).toMatchObject({ latency_ms: { p50: 10, p95: 25, p99: 50 }, availability: 0.99999 });
    expect(DEFAULT_SLO_PROFILE).toBe("cloud");
  });

  it("use only thresholds that are histogram bounds, increasing p50 < p95 < p99", () => {
    for (const name of SLO_PROFILE_NAMES) {
      const { p50, p95, p99 } = SLO_PROFILES[name].latency_ms;
      expect([p50, p95, p99].every((t) => BOUNDS.includes(t))).toBe(true);
      expect(p50 < p95 && p95 < p99).toBe(true);
      expect(SLO_PROFILES[name].name).toBe(name);
    }
  });

  it("give the decision budget as the p99 target and recognise their names", () => {
    expect(decisionBudgetMs(SLO_PROFILES["safety-critical"])).toBe(50);
    expect(isSloProfileName("safety-critical")).toBe(true);
    expect(isSloProfileName("Cloud")).toBe(false);
    expect(isSloProfileName(undefined)).toBe(false);
  });
});
