/**
 * `npm run bench:edge`: the edge-device governor in-process, on the 1,000-rule synthetic policy
 * (bench/lib/synthetic-policy.ts) and the mixed 1 KB corpus. Writes bench/results/edge.json:
 * - `eval_p50_us` / `eval_p99_us`: governor.evaluate including the durable log append (SQLite WAL,
 *   synchronous=FULL: one fsync per decision), and the same with synchronous=NORMAL, and without any log
 *   (`nolog_*`: core evaluate + the AgentState transition + conservative adjustment only);
 * - `rss_mb_1k_rules`: resident memory (RSS, from /proc) of a fresh device process, as shipped (the bundle
 *   of edge-device/scripts/build.ts, started the way a device starts it, with the launcher's tuning), with the
 *   1k-rule bundle loaded, after 1,000 decisions over its local API; `rss_anon_mb` / `rss_file_mb` split it
 *   into private memory and file-backed pages (the Node binary's code, shared and clean);
 *   `rss_mb_1k_rules_service_unit`: the same started with the shipped systemd unit's settings
 *   (edge-device/deploy/nethical-edge.service: its environment and Node flags);
 *   `rss_mb_1k_rules_online` (and `_service_unit`): the same device online, syncing its policy over the
 *   WebSocket and uploading its log to a reference server, after 1,000 decisions and a bundle reload
 *   (median of 3);
 *   `rss_mb_after_6k_decisions`: the same after 6,000 decisions (decision cache full, steady state), with and
 *   without the heap-growth tuning;
 * - `cold_start_ms`: spawn `nethical-edge start` on a persisted 1k-rule bundle → first decision answered
 *   (median of 15, taken in turn with `cold_start_ms_node_baseline`, a bare Node process serving one request
 *   with node:http, and `cold_start_ms_snapshot`, the device from a V8 startup snapshot built by
 *   edge-device/scripts/build.ts --snapshot; the bench's own fetch is warmed up first); `rss_mb_snapshot`;
 * - `memory_limit`: the device in memory cgroups of several limits (edge-device/src/testing/memory-limit-run.ts),
 *   with the Node binary's pages shared or all charged, shipped, with service-environment settings, and
 *   from the snapshot;
 * - `options`: the same three numbers (and the median decision latency the device reported) for each form
 *   and V8 flag, one change at a time (bench/edge-memory.ts);
 * - `memory_breakdown`: RSS and V8 heap after each step of bringing the device up (bench/edge-memory-probe.ts)
 *   and the heap by kind after the 1,000 decisions.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyDecision, newRow } from "@nethical/core";
import { acceptBundle, openDevice, parseDeviceConfig } from "@nethical/edge-device";
import { conservativeResponse } from "@nethical/edge-device/governor/conservative";
import { SERVICE_UNIT_FILE, serviceSettings } from "@nethical/edge-device/service-unit";
import { writeConfig } from "@nethical/edge-device/testing/device-process";
import { tempDir, testSigner } from "@nethical/edge-device/testing/fixtures";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import {
  bareNodeRss,
  buildDevice,
  buildDeviceSnapshot,
  interleavedColdStarts,
  measureDevice,
  memoryBreakdown,
  memoryLimitSweep,
  onlineRss,
  type DeviceRun,
} from "./edge-memory.ts";
import { table, writeResult } from "./lib/results.ts";
import { percentile, round } from "./lib/stats.ts";
import { syntheticPolicy } from "./lib/synthetic-policy.ts";

const N = Number(process.env.BENCH_N ?? 3000);
const signer = await testSigner("bench");
const policy = syntheticPolicy(1000);
const bundle = await signer.bundle(1, policy);
const corpus = buildCorpus({ count: N, sizes: [1024], seed: 11 }).map((c, i) => ({ ...c.request, agent_id: `agent-${i % 50}` }));

function us(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1000;
}

async function governorRun(synchronous: "FULL" | "NORMAL") {
  const { dir, remove } = tempDir("nethical-edge-bench-");
  const raw = { tenant: "bench", device_id: "bench-1", data_dir: dir, trusted_keys: signer.trusted, log: { synchronous } };
  const device = await openDevice(parseDeviceConfig(raw));
  await acceptBundle(device, bundle);
  device.monitor.connected(Date.now());
  for (let i = 0; i < 200; i++) device.governor.evaluate(corpus[i % corpus.length] as never);
  const samples: number[] = [];
  for (const r of corpus) {
    const t = process.hrtime.bigint();
    device.governor.evaluate(r as never);
    samples.push(us(t));
  }
  device.close();
  return { samples, dir, raw, remove };
}

const full = await governorRun("FULL");
const normal = await governorRun("NORMAL");
normal.remove();

// Without the log: the same steps the governor takes, minus the SQLite append.
const noLogData = tempDir();
const noLogDevice = await openDevice(parseDeviceConfig({ tenant: "bench", device_id: "b", data_dir: noLogData.dir, trusted_keys: signer.trusted }));
await acceptBundle(noLogDevice, bundle);
const loaded = noLogDevice.keeper.current!;
const rows = new Map<string, ReturnType<typeof newRow>>();
const settings = { restrictRiskAt: 0.4, failClosedDecision: "BLOCK" as const };
const nolog: number[] = [];
for (let pass = 0; pass < 2; pass++) {
  for (const r of corpus) {
    const t = process.hrtime.bigint();
    const now = Date.now();
    const row = rows.get(r.agent_id) ?? newRow("bench", r.agent_id, loaded.rateLimit, now);
    const step = applyDecision(row, loaded, r as never, now, "id");
    conservativeResponse(step.decided.response, "ONLINE", undefined, settings);
    rows.set(r.agent_id, step.row);
    if (pass === 1) nolog.push(us(t));
  }
}
noLogDevice.close();
noLogData.remove();

// The device process: a fresh `nethical-edge start` on the persisted 1k-rule bundle (the FULL run's data
// folder), built and started as a device ships it, then each option one change at a time.
const configFile = writeConfig(join(full.dir, "device.json"), { ...full.raw, http: { port: 0 } });
const corpusFile = join(full.dir, "corpus-1000.json");
const decisions = corpus.slice(0, 1000);
writeFileSync(corpusFile, JSON.stringify(decisions));
const shippedEntry = await buildDevice(join(full.dir, "nethical-edge.mjs"));
const plainEntry = await buildDevice(join(full.dir, "nethical-edge-unminified.mjs"), { minify: false });
const snapshotBlob = await buildDeviceSnapshot(join(full.dir, "nethical-edge.blob"));
const SNAPSHOT = ["--snapshot-blob"];
const TUNED = "semi-space,no-maglev,heap-growth,zod-jitless,light-fetch";
const runs: DeviceRun[] = [];
const run = async (label: string, options: Parameters<typeof measureDevice>[3]) => {
  const r = await measureDevice(label, configFile, decisions, options);
  console.log(JSON.stringify(r));
  runs.push(r);
  return r;
};
await run("TypeScript source (type stripping), no tuning", { tuning: "none" });
await run("bundle, not minified, no tuning", { entry: plainEntry, tuning: "none" });
const bundleOnly = await run("bundle, minified + ASCII, no tuning", { entry: shippedEntry, tuning: "none" });
await run("+ semi-space (--semi-space-growth-factor=1: 1 MB semi-space)", { entry: shippedEntry, tuning: "semi-space" });
await run("+ no-maglev (--no-maglev)", { entry: shippedEntry, tuning: "no-maglev" });
await run("+ zod-jitless (zod config jitless)", { entry: shippedEntry, tuning: "zod-jitless" });
await run("+ heap-growth (--heap-growing-percent=10)", { entry: shippedEntry, tuning: "heap-growth" });
await run("+ light-fetch (the local API on its own fetch classes: no undici)", { entry: shippedEntry, tuning: "light-fetch" });
await run("shipped without light-fetch (undici's classes for the local API)", { entry: shippedEntry, tuning: "semi-space,no-maglev,heap-growth,zod-jitless" });
const shipped = await run("shipped: bundle + launcher tuning (semi-space, no-maglev, heap-growth, zod-jitless, light-fetch)", { entry: shippedEntry, tuning: TUNED });
await run("shipped + --max-semi-space-size=1 on the command line instead", { entry: shippedEntry, tuning: TUNED, nodeArgs: ["--max-semi-space-size=1"] });
await run("shipped + --max-old-space-size=32", { entry: shippedEntry, tuning: TUNED, nodeArgs: ["--max-old-space-size=32"] });
await run("shipped + --optimize-for-size", { entry: shippedEntry, tuning: TUNED, nodeArgs: ["--optimize-for-size"] });
await run("shipped + --single-threaded", { entry: shippedEntry, tuning: TUNED, nodeArgs: ["--single-threaded"] });
await run("shipped + --v8-pool-size=1", { entry: shippedEntry, tuning: TUNED, nodeArgs: ["--v8-pool-size=1"] });
await run("shipped + --no-opt (no TurboFan either)", { entry: shippedEntry, tuning: TUNED, nodeArgs: ["--no-opt"] });
await run("shipped + --lite-mode", { entry: shippedEntry, tuning: TUNED, nodeArgs: ["--lite-mode"] });
await run("shipped + --jitless", { entry: shippedEntry, tuning: TUNED, nodeArgs: ["--jitless"] });
await run("shipped + MALLOC_ARENA_MAX=1 (glibc, set in the service environment)", { entry: shippedEntry, tuning: TUNED, env: { MALLOC_ARENA_MAX: "1" } });
// The shipped systemd unit's settings (edge-device/deploy/nethical-edge.service), as an operator runs it.
const SERVICE = serviceSettings(readFileSync(SERVICE_UNIT_FILE, "utf8"));
const SERVICE_LABEL = [...Object.entries(SERVICE.env).map(([k, v]) => `${k}=${v}`), ...SERVICE.nodeArgs].join(", ");
const serviceRun = await run(`shipped + the systemd unit's settings (${SERVICE_LABEL})`, { entry: shippedEntry, tuning: TUNED, nodeArgs: SERVICE.nodeArgs, env: SERVICE.env });
await run("shipped + compile cache on (NETHICAL_EDGE_COMPILE_CACHE=<folder>; off by default)", { entry: shippedEntry, tuning: TUNED, env: { NETHICAL_EDGE_COMPILE_CACHE: join(full.dir, "compile-cache") } });
await run("shipped + the systemd unit's settings + compile cache on", {
  entry: shippedEntry,
  tuning: TUNED,
  nodeArgs: SERVICE.nodeArgs,
  env: { ...SERVICE.env, NETHICAL_EDGE_COMPILE_CACHE: join(full.dir, "compile-cache-unit") },
});
const snapshot = await run("startup snapshot (node --snapshot-blob nethical-edge.blob start), launcher tuning", { entry: snapshotBlob, tuning: TUNED, nodeArgs: SNAPSHOT });
// Steady state: the same device after 6,000 decisions (the corpus six times over, each time for other
// agents: the decision cache fills to its byte budget and the heap holds the garbage of thousands of
// decisions), with and without heap-growth.
const steadyCorpus = Array.from({ length: 6 }, (_, r) => decisions.map((d) => ({ ...d, agent_id: `${d.agent_id}-r${r}` }))).flat();
const steady = await measureDevice("shipped, after 6,000 decisions", configFile, steadyCorpus, { entry: shippedEntry, tuning: TUNED, starts: 1 });
const steadyNoGrowth = await measureDevice("shipped without heap-growth, after 6,000 decisions", configFile, steadyCorpus, {
  entry: shippedEntry,
  tuning: "semi-space,no-maglev,zod-jitless,light-fetch",
  starts: 1,
});
console.log(JSON.stringify(steady), JSON.stringify(steadyNoGrowth));

// The headline cold starts, taken in turn with a bare Node process (the floor under any start) so that the
// load other processes put on the machine falls on all three alike. The snapshot gets its own data folder:
// a stored bundle's schema check is skipped only in the build that validated it (the build id differs).
const snapData = tempDir("nethical-edge-bench-snapshot-");
const snapRaw = { ...full.raw, data_dir: snapData.dir, http: { port: 0 } };
const snapSetup = await openDevice(parseDeviceConfig(snapRaw));
await acceptBundle(snapSetup, bundle);
snapSetup.close();
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 15);
const starts = await interleavedColdStarts(
  [
    { label: "bare-node", entry: "bare-node" },
    { label: "shipped", entry: shippedEntry, configFile },
    { label: "snapshot", entry: snapshotBlob, configFile: writeConfig(join(snapData.dir, "device.json"), snapRaw), nodeArgs: SNAPSHOT },
  ],
  COLD_ROUNDS,
);
console.log(JSON.stringify(starts));
snapData.remove();

// The device online (syncing and uploading), plainly and as the systemd unit starts it.
const online = await onlineRss(shippedEntry, "shipped");
const onlineUnit = await onlineRss(shippedEntry, `shipped + the systemd unit's settings (${SERVICE_LABEL})`, { nodeArgs: SERVICE.nodeArgs, env: SERVICE.env });
console.log(JSON.stringify(online), JSON.stringify(onlineUnit));
const onlineMb = (o: typeof online) => ("rss_mb" in o ? o.rss_mb : null);

// The device in memory cgroups (how systemd MemoryMax= enforces a budget): which limits it survives; the
// service environment is the shipped systemd unit's (SERVICE, above).
const limits = await memoryLimitSweep(shippedEntry, [
  { limits: [64, 72, 80, 96], binary: "shared", setup: "shipped, pinned Node binary (page cache dropped first)" },
  {
    limits: [64, 72, 80],
    binary: "shared",
    runs: 5,
    setup: `shipped + service environment (edge-device/deploy/nethical-edge.service: ${SERVICE_LABEL})`,
    nodeArgs: SERVICE.nodeArgs,
    env: SERVICE.env,
  },
  { limits: [96, 128, 160], binary: "private", setup: "shipped, uncached private copy of the Node binary (every touched page charged)", runs: 2 },
  {
    limits: [96, 128],
    binary: "private",
    setup: `shipped + service environment (${SERVICE_LABEL}), uncached private copy of the Node binary`,
    runs: 2,
    nodeArgs: SERVICE.nodeArgs,
    env: SERVICE.env,
  },
  { limits: [64, 80, 96], binary: "shared", setup: "startup snapshot, pinned Node binary (page cache dropped first)", runs: 2, entry: snapshotBlob, nodeArgs: SNAPSHOT },
]);

/** The smallest limit every run of the setups named `prefix` passed at (null: none tried passed). */
function smallest(binary: "shared" | "private", prefix: string): number | null {
  if (!("trials" in limits)) return null;
  const ok = limits.trials.filter((t) => t.binary === binary && t.setup.startsWith(prefix) && t.passed === t.runs).map((t) => t.limit_mib);
  return ok.length === 0 ? null : Math.min(...ok);
}

// The launcher's tuning, as command-line flags (the probe does not go through the launcher).
const breakdown = await memoryBreakdown(configFile, corpusFile, ["--max-semi-space-size=1", "--no-maglev", "--heap-growing-percent=10"], true);
const floor = await bareNodeRss();
full.remove();

const result = {
  rules: 1000,
  decisions: N,
  action_bytes: 1024,
  eval_p50_us: round(percentile(full.samples, 50), 1),
  eval_p99_us: round(percentile(full.samples, 99), 1),
  eval_normal_p50_us: round(percentile(normal.samples, 50), 1),
  eval_normal_p99_us: round(percentile(normal.samples, 99), 1),
  nolog_p50_us: round(percentile(nolog, 50), 1),
  nolog_p99_us: round(percentile(nolog, 99), 1),
  rss_mb_1k_rules: shipped.rss_mb,
  rss_budget_mb: 64,
  rss_anon_mb_1k_rules: shipped.rss_anon_mb,
  rss_file_mb_1k_rules: shipped.rss_file_mb,
  rss_mb_1k_rules_service_unit: serviceRun.rss_mb,
  rss_anon_mb_1k_rules_service_unit: serviceRun.rss_anon_mb,
  rss_mb_1k_rules_online: onlineMb(online),
  rss_mb_1k_rules_online_service_unit: onlineMb(onlineUnit),
  online: { how: "edge-device/src/testing/memory-limit-run.ts in a 1 GiB cgroup: the shipped device syncing with and uploading to a reference server (ws, node:http), 1,000 decisions over its local API and a 1k-rule bundle reload, RSS from /proc at the end; median of 3", shipped: online, service_unit: onlineUnit },
  rss_mb_after_6k_decisions: steady.rss_mb,
  rss_anon_mb_after_6k_decisions: steady.rss_anon_mb,
  rss_mb_after_6k_decisions_without_heap_growth: steadyNoGrowth.rss_mb,
  device_p50_latency_ms_over_6k: steady.p50_latency_ms,
  device_p50_latency_ms_over_6k_without_heap_growth: steadyNoGrowth.p50_latency_ms,
  cold_start_ms: starts.shipped!.median_ms,
  cold_start_budget_ms: 150,
  cold_start_ms_node_baseline: starts["bare-node"]!.median_ms,
  cold_start_ms_snapshot: starts.snapshot!.median_ms,
  cold_start_interleaved: { rounds: COLD_ROUNDS, how: "spawn -> first decision answered, the three started in turn each round (a warm-up round not counted); cpu = all threads of the process until the answer (/proc schedstat)", ...starts },
  rss_mb_snapshot: snapshot.rss_mb,
  device_p50_latency_ms: shipped.p50_latency_ms,
  rss_mb_1k_rules_untuned_bundle: bundleOnly.rss_mb,
  rss_mb_node_baseline: floor.rss,
  rss_mb_node_baseline_anon: floor.anon,
  rss_mb_node_baseline_file: floor.file,
  log_synchronous: "FULL",
  options: runs,
  memory_limit: {
    how: "edge-device/src/testing/memory-limit-run.ts: the shipped device in a fresh cgroup v1 memory group (memory and memory+swap limited), a persisted 1k-rule bundle, syncing with and uploading to a reference server; 1,000 decisions over the local API with a second 1k-rule bundle pushed and reloaded half way. Passed = every decision answered, the reload done, no OOM kill, clean exit on SIGTERM. With the pinned binary, pages other Node processes (the bench itself) keep mapped are not charged to the group even after drop_caches; the private copy charges them.",
    budget_mib: 64,
    smallest_passing_mib_shared: smallest("shared", "shipped,"),
    smallest_passing_mib_private: smallest("private", "shipped,"),
    smallest_passing_mib_shared_service_env: smallest("shared", "shipped + service environment"),
    smallest_passing_mib_private_service_env: smallest("private", "shipped + service environment"),
    smallest_passing_mib_snapshot: smallest("shared", "startup snapshot"),
    ...limits,
  },
  memory_breakdown: {
    how: "bench/edge-memory-probe.ts: the device brought up step by step in one process (launcher tuning on), full GC after each step; attribution by load order; the 1,000 decisions are sent by fetch from the same process, so the last step includes the client's undici",
    node_floor: floor,
    device_process: { rss_mb: shipped.rss_mb, rss_anon_mb: shipped.rss_anon_mb, rss_file_mb: shipped.rss_file_mb },
    stages: breakdown.stages,
    heap_by_kind_mb: breakdown.heap_by_kind_mb,
  },
};
console.log(
  table([
    ["option", "rss MB", "anon MB", "file MB", "cold start ms", "p50 latency ms"],
    ...runs.map((r) => [r.label, r.rss_mb, r.rss_anon_mb, r.rss_file_mb, r.cold_start_ms, r.p50_latency_ms]),
  ]),
);
console.log(
  table([
    ["stage", "rss MB", "Δ rss", "anon", "file", "heap used", "heap total", "external", "code space"],
    ...breakdown.stages.map((s) => [s.stage, s.rss_mb, s.delta_rss_mb, s.rss_anon_mb, s.rss_file_mb, s.heap_used_mb, s.heap_total_mb, s.external_mb, s.code_space_mb]),
  ]),
);
console.log(await writeResult("edge", result));
