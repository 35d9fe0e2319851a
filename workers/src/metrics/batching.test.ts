/**
 * Per-isolate batching (workerd): concurrent decisions of one tenant reach its MetricsStore in fewer calls
 * than requests, and the counts stay exact — every request's increments are stored once.
 */
import { describe, expect, it } from "vitest";
import { action, api, createTenant } from "../testing/api.ts";
import { metricsSendCount } from "./buffer.ts";
import { parseExposition, samplesOf } from "./testing.ts";

describe("metrics batching", () => {
  it("stores 40 concurrent decisions exactly, in fewer MetricsStore calls than requests", async () => {
    const { tenant, keys } = await createTenant("metrics-batch");
    await api("/v2/metrics", { key: keys.operator }); // settle whatever the setup recorded
    const before = metricsSendCount();
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => api("/v2/evaluate", { key: keys.agent, json: action(`concurrent-${i % 8}`) })));
    expect(answers.map((r) => r.status)).toEqual(new Array(40).fill(200));
    const decidedAt = Date.now();
    const parsed = parseExposition(await (await api("/v2/metrics", { key: keys.operator })).text());
    console.log(JSON.stringify({ decide_ms: decidedAt - started, scrape_ms: Date.now() - decidedAt }));
    const sends = metricsSendCount() - before;
    const decided = samplesOf(parsed, "nethical_decisions_total", { tenant }).reduce((n, s) => n + s.value, 0);
    expect(decided).toBe(40);
    expect(sends).toBeGreaterThan(0);
    expect(sends).toBeLessThan(40);
    console.log(JSON.stringify({ concurrent_requests: 40, metrics_store_calls: sends }));
  }, 60_000);
});
