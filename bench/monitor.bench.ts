/**
 * Runtime monitor overhead per decision (README "Runtime monitor and safety case"): medians of the same
 * decision stream decided with the monitor on and off, interleaved request by request in the same run.
 *
 * - core: the AgentState critical section's work (core's applyDecision) with and without the AgentMonitor
 *   calls the object makes (checkStored + decision), and the monitor calls alone;
 * - device: two real edge devices (node:sqlite log, signed bundle), governor.evaluate with the monitor on
 *   and with `monitor: false` (decision cache off on both, so every decision is decided afresh).
 *
 * Run: `npm run bench:monitor` → bench/results/monitor.json.
 */
import { applyDecision, defaultPolicy, loadPolicy, newRow, policyHashSync, type AgentRow } from "@nethical/core";
import { AgentMonitor } from "@nethical/core/monitor/index.ts";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { acceptBundle, openDevice, parseDeviceConfig, type Device } from "@nethical/edge-device";
import { tempDir, testSigner } from "@nethical/edge-device/testing/fixtures";
import { median } from "./lib/stats.ts";
import { table, writeResult } from "./lib/results.ts";

const N = Number(process.env.N ?? 6_000);
const corpus = buildCorpus({ count: N, sizes: [200, 1_200], seed: 18, harmfulShare: 0.2 });
const round = (x: number) => Math.round(x * 100) / 100;

function coreRun() {
  const doc = defaultPolicy();
  const loaded = loadPolicy({ tenant: "bench", seq: 1, hash: policyHashSync(doc), policy: doc });
  const monitor = new AgentMonitor();
  monitor.trustBundle(loaded.bundle.hash);
  const rowsOn = new Map<string, AgentRow>();
  const rowsOff = new Map<string, AgentRow>();
  const on: number[] = [];
  const off: number[] = [];
  const monitorOnly: number[] = [];
  let t = 1_765_000_000_000;
  for (const [i, { request }] of corpus.entries()) {
    t += 20;
    const id = request.agent_id;
    const order = i % 2 === 0 ? ["off", "on"] : ["on", "off"];
    for (const side of order) {
      const rows = side === "on" ? rowsOn : rowsOff;
      const row = rows.get(id) ?? newRow("bench", id, loaded.rateLimit, t);
      const start = performance.now();
      const step = applyDecision(row, loaded, request, t, `d-${side}-${i}`);
      if (side === "on") {
        const m0 = performance.now();
        monitor.checkStored(id, rows.has(id) ? { seq: row.seq, terminated: row.terminated } : null);
        monitor.decision(id, { seq: step.decided.seq, decision: step.decided.response.decision, policy_hash: step.decided.policy_hash, terminated_after: step.row.terminated });
        const end = performance.now();
        monitorOnly.push((end - m0) * 1000);
        on.push((end - start) * 1000);
      } else off.push((performance.now() - start) * 1000);
      rows.set(id, step.row);
    }
  }
  if (monitor.stats().violations.P1 + monitor.stats().violations.P2 + monitor.stats().violations.P3 > 0) throw new Error("the monitor raised an alarm on normal traffic");
  return { on_us: round(median(on)), off_us: round(median(off)), monitor_calls_us: round(median(monitorOnly)), ratio: round(median(on) / median(off)) };
}

async function device(monitor: boolean, clock: { now: number }): Promise<{ d: Device; remove: () => void }> {
  const signer = await testSigner("bench");
  const { dir, remove } = tempDir("nethical-monitor-");
  const d = await openDevice(parseDeviceConfig({ tenant: "bench", device_id: monitor ? "monitor-on" : "monitor-off", data_dir: dir, trusted_keys: signer.trusted }), {
    clock: () => clock.now,
    predictive: { enabled: false },
    ...(monitor ? {} : { monitor: false as const }),
  });
  await acceptBundle(d, await signer.bundle(1, defaultPolicy()));
  d.monitor.connected(clock.now);
  return { d, remove };
}

async function deviceRun() {
  const clock = { now: 1_765_000_000_000 };
  const on = await device(true, clock);
  const off = await device(false, clock);
  const onUs: number[] = [];
  const offUs: number[] = [];
  try {
    for (const [i, { request }] of corpus.entries()) {
      clock.now += 20;
      on.d.monitor.connected(clock.now);
      off.d.monitor.connected(clock.now);
      const sides = i % 2 === 0 ? [off, on] : [on, off];
      for (const side of sides) {
        const start = performance.now();
        side.d.governor.evaluate(request);
        (side === on ? onUs : offUs).push((performance.now() - start) * 1000);
      }
    }
    const stats = on.d.governor.monitor;
    if (stats === null || stats.violations.P1 + stats.violations.P2 + stats.violations.P3 > 0) throw new Error("the device monitor raised an alarm on normal traffic");
    return { on_us: round(median(onUs)), off_us: round(median(offUs)), ratio: round(median(onUs) / median(offUs)), monitored_decisions: stats.decisions };
  } finally {
    on.d.close();
    off.d.close();
    on.remove();
    off.remove();
  }
}

const core = coreRun();
const dev = await deviceRun();
console.log(
  table([
    ["path (median per decision)", "monitor on (us)", "monitor off (us)", "ratio on/off"],
    ["core transition (AgentState critical-section work)", core.on_us, core.off_us, core.ratio],
    ["edge device governor.evaluate (sqlite commit)", dev.on_us, dev.off_us, dev.ratio],
  ]),
);
console.log(`monitor calls alone (checkStored + decision), median: ${core.monitor_calls_us} us; decisions: ${N}`);
console.log(await writeResult("monitor", { decisions: N, core, device: dev }));
