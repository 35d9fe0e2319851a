/**
 * The MetricsStore Durable Object (workerd): deltas add up exactly (counters and histograms per label set),
 * windowed histograms are summed per minute and read over a window, a store refuses another tenant's name,
 * and a tenant registers itself in the platform registry on its first delta.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bucketIndex, LATENCY_BUCKET_COUNT } from "./buckets.ts";
import { METRICS_REGISTRY_NAME, metricsStoreName } from "./name.ts";

function freshStore(prefix: string) {
  const tenant = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  return { tenant, stub: env.METRICS.get(env.METRICS.idFromName(metricsStoreName(tenant))) };
}

function observed(ms: number[]): number[] {
  const counts = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const m of ms) counts[bucketIndex(m)] = (counts[bucketIndex(m)] ?? 0) + 1;
  return counts;
}

describe("MetricsStore", () => {
  it("adds deltas exactly, per name and label set", async () => {
    const { tenant, stub } = freshStore("metrics-add");
    const t = Date.UTC(2026, 0, 1, 12, 0, 30);
    await stub.add(tenant, { counters: [{ name: "decisions", labels: { decision: "ALLOW", action_type: "query" }, value: 2 }], histograms: [{ name: "request_duration", labels: { route: "evaluate" }, counts: observed([3, 40]), sum: 43, count: 2, windowed: true }] }, t);
    await stub.add(tenant, { counters: [{ name: "decisions", labels: { action_type: "query", decision: "ALLOW" }, value: 1 }, { name: "decisions", labels: { decision: "BLOCK", action_type: "code" }, value: 1 }], histograms: [{ name: "request_duration", labels: { route: "evaluate" }, counts: observed([7000]), sum: 7000, count: 1, windowed: true }] }, t + 60_000);
    const snap = await stub.snapshot(tenant);
    expect(snap.counters).toEqual([
      { name: "decisions", labels: { action_type: "code", decision: "BLOCK" }, value: 1 },
      { name: "decisions", labels: { action_type: "query", decision: "ALLOW" }, value: 3 },
    ]);
    expect(snap.histograms).toEqual([{ name: "request_duration", labels: { route: "evaluate" }, counts: observed([3, 40, 7000]), sum: 7043, count: 3 }]);
    const first = await stub.latencyWindow(tenant, "request_duration", t, t + 30_000);
    expect(first.count).toBe(2);
    expect(first.counts).toEqual(observed([3, 40]));
    const both = await stub.latencyWindow(tenant, "request_duration", t - 60_000, t + 120_000);
    expect(both.count).toBe(3);
    expect(both.sum).toBe(7043);
  }, 20_000);

  it("refuses another tenant's name and registers the tenant once", async () => {
    const { tenant, stub } = freshStore("metrics-reg");
    await stub.add(tenant, { counters: [{ name: "degraded", labels: { reason: "policy" }, value: 1 }], histograms: [] }, Date.now());
    let refusal = "";
    try {
      await stub.snapshot("someone-else");
    } catch (error) {
      refusal = (error as Error).message;
    }
    expect(refusal).toMatch(/^\[wrong_object\] /);
    const registry = env.METRICS.get(env.METRICS.idFromName(METRICS_REGISTRY_NAME));
    expect(await registry.tenants()).toContain(tenant);
  });
});

describe("MetricsStore retries", () => {
  it("adds a delta sent twice under the same id once", async () => {
    const { tenant, stub } = freshStore("metrics-retry");
    const delta = { id: crypto.randomUUID(), counters: [{ name: "decisions", labels: { decision: "BLOCK", action_type: "code" }, value: 5 }], histograms: [] };
    expect(await stub.add(tenant, delta, Date.now())).toBe(true);
    expect(await stub.add(tenant, delta, Date.now())).toBe(false);
    expect((await stub.snapshot(tenant)).counters).toEqual([{ name: "decisions", labels: { action_type: "code", decision: "BLOCK" }, value: 5 }]);
  });
});
