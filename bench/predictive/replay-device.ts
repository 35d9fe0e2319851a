/**
 * Replay a trace through the edge-device governor (a real device: node:sqlite decision log with its durable
 * append, the verified bundle, the AgentState transition), once with the decision cache and idle-time
 * pre-computation and once without (the baseline, same run). Between two events the device is idle (the
 * trace's gaps are ≥ 200 ms), so `governor.idle()` is called once after each answer, as the runtime's idle
 * timer would. Every event carries a request id, so the two devices' answers can be compared byte for byte
 * (all but `latency_ms`).
 */
import { defaultPolicy } from "@nethical/core";
import { acceptBundle, openDevice, parseDeviceConfig, type Device } from "@nethical/edge-device";
import { tempDir, testSigner } from "@nethical/edge-device/testing/fixtures";
import { percentile, round } from "../lib/stats.ts";
import type { EventKind, TraceEvent } from "./trace.ts";

async function device(enabled: boolean, k: number, clock: { now: number }): Promise<{ device: Device; remove: () => void }> {
  const signer = await testSigner("bench");
  const { dir, remove } = tempDir("nethical-predictive-");
  const d = await openDevice(parseDeviceConfig({ tenant: "bench", device_id: enabled ? "cache" : "nocache", data_dir: dir, trusted_keys: signer.trusted }), {
    clock: () => clock.now,
    predictive: { enabled, k },
  });
  await acceptBundle(d, await signer.bundle(1, defaultPolicy()));
  d.monitor.connected(clock.now);
  return { device: d, remove };
}

/**
 * @example
 * const figures = await replayDevice(generateTrace(DEFAULT_TRACE), { k: 3, budgetUs: 2000 });
 */
export async function replayDevice(events: readonly TraceEvent[], options: { k: number; budgetUs: number }) {
  const clock = { now: 1_765_000_000_000 };
  const on = await device(true, options.k, clock);
  const off = await device(false, options.k, clock);
  const hitUs: number[] = [];
  const missUs: number[] = [];
  const offUs: number[] = [];
  const byKind: Record<EventKind, { n: number; hits: number }> = { structured: { n: 0, hits: 0 }, free_text: { n: 0, hits: 0 }, attack: { n: 0, hits: 0 } };
  let mismatches = 0;
  let serveUs = 0;
  const t0 = clock.now;
  let i = 0;
  for (const event of events) {
    clock.now = t0 + event.at;
    on.device.monitor.connected(clock.now);
    off.device.monitor.connected(clock.now);
    const request = { ...event.request, request_id: `d-${++i}` };
    const hitsBefore = on.device.governor.predictive.cache.hits;
    const a = on.device.governor.evaluate(request);
    const hit = on.device.governor.predictive.cache.hits > hitsBefore;
    const b = off.device.governor.evaluate(request);
    const us = a.latency_ms * 1000;
    serveUs += us;
    (hit ? hitUs : missUs).push(us);
    offUs.push(b.latency_ms * 1000);
    byKind[event.kind].n++;
    if (hit) byKind[event.kind].hits++;
    if (JSON.stringify({ ...a, latency_ms: 0 }) !== JSON.stringify({ ...b, latency_ms: 0 })) mismatches++;
    on.device.governor.idle(options.budgetUs);
  }
  const stats = on.device.governor.predictive;
  on.device.close();
  off.device.close();
  on.remove();
  off.remove();
  const rate = (x: { n: number; hits: number }) => (x.n === 0 ? 0 : round(x.hits / x.n, 4));
  const n = events.length;
  return {
    decisions: n,
    note: "latencies are governor.evaluate end to end, including the durable SQLite append of the decision (synchronous=FULL by default)",
    hit_rate: round(hitUs.length / n, 4),
    hit_rate_structured: rate(byKind.structured),
    hit_rate_free_text: rate(byKind.free_text),
    hit_rate_attack: rate(byKind.attack),
    hit_p50_us: round(percentile(hitUs, 50), 1),
    miss_p50_us: round(percentile(missUs, 50), 1),
    no_cache_p50_us: round(percentile(offUs, 50), 1),
    precompute_evaluations: stats.precompute_evaluations,
    precompute_cpu_us_per_decision: round(stats.precompute_cpu_us / n, 2),
    precompute_cpu_share: round(stats.precompute_cpu_us / (stats.precompute_cpu_us + serveUs), 4),
    cache: stats.cache,
    profiler: stats.profiler,
    mismatches,
  };
}
