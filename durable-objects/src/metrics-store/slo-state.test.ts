/**
 * SLO state in the MetricsStore (workerd): the profile setting, and breach episodes from the stored
 * per-minute windows — one episode per breach however often it is evaluated, announced until reported
 * notified, ended only after its alert stayed quiet for the short window.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bucketIndex, LATENCY_BUCKET_COUNT } from "./buckets.ts";
import { metricsStoreName } from "./name.ts";
import { SLO_DEGRADED_HISTOGRAM, SLO_REQUEST_HISTOGRAM } from "./slo-state.ts";

function freshStore(prefix: string) {
  const tenant = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  return { tenant, stub: env.METRICS.get(env.METRICS.idFromName(metricsStoreName(tenant))) };
}

function histogram(name: string, ms: number[]) {
  const counts = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const m of ms) counts[bucketIndex(m)]! += 1;
  return { name, labels: { route: "/v2/evaluate" }, counts, sum: ms.reduce((a, b) => a + b, 0), count: ms.length, windowed: true };
}

const MINUTE = 60_000;

describe("MetricsStore SLO state", () => {
  it("defaults to cloud and records who chose another profile", async () => {
    const { tenant, stub } = freshStore("slo-setting");
    expect(await stub.sloSetting(tenant)).toEqual({ profile: "cloud", updated_at: null, updated_by: null });
    const changed = await stub.setSloProfile(tenant, "safety-critical", "k_op", 1_000);
    expect(changed.before.profile).toBe("cloud");
    expect(changed.after).toEqual({ profile: "safety-critical", updated_at: 1_000, updated_by: "k_op" });
    expect((await stub.sloSetting(tenant)).profile).toBe("safety-critical");
  });

  it("opens one episode per breach, announces it until notified, and ends it after a quiet short window", async () => {
    const { tenant, stub } = freshStore("slo-episode");
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    // 20 requests at 20 ms, 5 of them answered by the fail-safe: availability burn (5/20)/0.001 = 250.
    const latencies = Array.from({ length: 20 }, () => 20);
    await stub.add(tenant, { counters: [], histograms: [histogram(SLO_REQUEST_HISTOGRAM, latencies), histogram(SLO_DEGRADED_HISTOGRAM, latencies.slice(0, 5))] }, t0);

    const first = await stub.evaluateSlo(tenant, t0 + 1_000);
    expect(first.requests["5m"]).toBe(20);
    expect(first.evaluation.burn_rates["5m"].availability).toBeCloseTo(250);
    const fast = first.open.find((e) => e.alert === "fast_burn");
    expect(fast?.objectives.map((o) => o.objective)).toEqual(["availability"]);
    expect(first.pending.map((e) => e.alert).sort()).toEqual(["fast_burn", "slow_burn"]);

    // Evaluated again (another isolate, a scrape): the same episodes, still pending until notified.
    const again = await stub.evaluateSlo(tenant, t0 + 30_000);
    expect(again.open.map((e) => e.id).sort()).toEqual(first.open.map((e) => e.id).sort());
    await stub.sloNotified(tenant, again.pending.map((e) => e.id));
    expect((await stub.evaluateSlo(tenant, t0 + 40_000)).pending).toEqual([]);

    // Healthy traffic: after 6 minutes the 5 min window is clean; fast_burn stops firing, but its episode only
    // ends 5 minutes after it last fired.
    const healthy = Array.from({ length: 50 }, () => 20);
    await stub.add(tenant, { counters: [], histograms: [histogram(SLO_REQUEST_HISTOGRAM, healthy)] }, t0 + 6 * MINUTE);
    const quiet = await stub.evaluateSlo(tenant, t0 + 6 * MINUTE + 1_000);
    expect(quiet.evaluation.alerts.find((a) => a.alert === "fast_burn")?.firing).toBe(false);
    expect(quiet.open.some((e) => e.alert === "fast_burn")).toBe(false); // last fired at t0+40s, > 5 min ago
    expect(quiet.open.some((e) => e.alert === "slow_burn")).toBe(true); // slow_burn: 30 min window still bad
    const episodes = await stub.sloEpisodes(tenant, 10);
    expect(episodes.filter((e) => e.alert === "fast_burn")).toHaveLength(1);
    expect(episodes.find((e) => e.alert === "fast_burn")?.ended_at).toBe(t0 + 6 * MINUTE + 1_000);
  });
});
