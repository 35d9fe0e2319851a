/**
 * The stage probe behind `memory_breakdown` (bench/edge-memory.ts builds it with esbuild, code splitting
 * on, so each `await import()` below loads its own chunk at that moment, and runs it as its own Node
 * process with --expose-gc). It brings the device up the way `nethical-edge start` does (device.ts and
 * runtime.ts, step by step) and after each step forces a full GC and records process.memoryUsage(), the
 * split of RSS into anonymous and file-backed pages (/proc/self/status) and V8's code space. Prints one
 * JSON object: `{ stages: [...], heap_by_kind: {...} }`.
 *
 * Attribution is by load order: a module shared by two stages is counted in the first (zod is loaded
 * before @nethical/core, so core's own figure excludes zod).
 *
 * Usage (after bundling): node --expose-gc [V8 flags] probe.js <device.json> <corpus.json>
 * (PROBE_ZOD_JITLESS=1: zod without its compiled parsers, as the launcher sets it).
 */
import { readFileSync, rmSync } from "node:fs";
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from "node:v8";

interface Sample {
  stage: string;
  rss_mb: number;
  rss_anon_mb: number;
  rss_file_mb: number;
  heap_used_mb: number;
  heap_total_mb: number;
  external_mb: number;
  code_space_mb: number;
  /** Committed size of V8's young generation (semi-spaces), old space and the malloc'd memory V8 reports. */
  new_space_mb: number;
  old_space_mb: number;
  v8_malloced_mb: number;
  ms: number;
}

const [configFile, corpusFile] = process.argv.slice(2) as [string, string];
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc");
const MB = 1024 * 1024;
const t0 = performance.now();
const stages: Sample[] = [];

function procKb(field: string): number {
  const m = readFileSync("/proc/self/status", "utf8").match(new RegExp(`${field}:\\s+(\\d+)`));
  return m === null ? Number.NaN : Number(m[1]);
}

function mark(stage: string): void {
  gc!();
  gc!();
  const mu = process.memoryUsage();
  const spaces = getHeapSpaceStatistics();
  const space = (name: string) => spaces.find((s) => s.space_name === name);
  const r = (n: number) => Math.round(n * 10) / 10;
  stages.push({
    stage,
    rss_mb: r(mu.rss / MB),
    rss_anon_mb: r(procKb("RssAnon") / 1024),
    rss_file_mb: r(procKb("RssFile") / 1024),
    heap_used_mb: r(mu.heapUsed / MB),
    heap_total_mb: r(mu.heapTotal / MB),
    external_mb: r(mu.external / MB),
    code_space_mb: r((space("code_space")?.space_used_size ?? 0) / MB),
    new_space_mb: r((space("new_space")?.space_size ?? 0) / MB),
    old_space_mb: r((space("old_space")?.space_size ?? 0) / MB),
    v8_malloced_mb: r(getHeapStatistics().malloced_memory / MB),
    ms: r(performance.now() - t0),
  });
}

mark("node (bare process, ESM loader)");
await import("node:http");
await import("node:sqlite");
await import("node:crypto");
await import("node:stream");
mark("node builtins: http, sqlite, crypto, stream");
const zod = await import("zod");
// As the launcher does (bin/nethical-edge.js, tuning "zod-jitless").
if (process.env.PROBE_ZOD_JITLESS === "1") zod.config({ jitless: true });
mark("zod");
await import("yaml");
mark("yaml");
await import("hono");
mark("hono");
const core = await import("@nethical/core");
mark("@nethical/core (schemas, detectors + regexes, classifier weights, policy compiler, laws)");
const cfg = await import("@nethical/edge-device/config");
const dbMod = await import("@nethical/edge-device/log/device-db");
const logMod = await import("@nethical/edge-device/log/decision-log");
const keeperMod = await import("@nethical/edge-device/sync/bundle-keeper");
const freshMod = await import("@nethical/edge-device/freshness");
const netMod = await import("@nethical/edge-device/net/network-monitor");
const govMod = await import("@nethical/edge-device/governor/governor");
const apiMod = await import("@nethical/edge-device/http/http-api");
const serverMod = await import("@nethical/edge-device/http/http-server");
await import("@nethical/edge-device/runtime");
await import("@nethical/edge-device/cli/main");
mark("@nethical/edge-device modules (and what they import: @nethical/http, the CLI dispatcher)");

const config = cfg.loadDeviceConfig(configFile);
const paths = cfg.dataPaths(config);
const db = dbMod.openDeviceDb(paths.db, config.log.synchronous);
const log = new logMod.DecisionLog(db, { maxPending: config.log.max_pending, keepUploaded: config.log.keep_uploaded });
mark("config parsed, SQLite opened (WAL), decision log");
const keeper = new keeperMod.BundleKeeper(db, paths.bundle, config.tenant, config.trusted_keys);
if (!(await keeper.loadPersisted())) throw new Error(`no persisted bundle: ${JSON.stringify(keeper.lastRefusal)}`);
mark(`1k-rule bundle read, verified (Ed25519), parsed and compiled (${(keeper.current?.bundle.policy as { rules: unknown[] }).rules.length} rules)`);
const freshness = new freshMod.Freshness(db);
const monitor = new netMod.NetworkMonitor({
  heartbeatIntervalMs: config.network.heartbeat_interval_ms,
  degradedRttMs: config.network.degraded_rtt_ms,
  offlineAfterMissed: config.network.offline_after_missed,
});
const governor = new govMod.Governor({
  tenant: config.tenant,
  deviceId: config.device_id,
  log,
  policy: keeper,
  network: monitor,
  freshness,
  settings: {
    restrictRiskAt: config.offline.restrict_risk_at,
    failClosedDecision: config.offline.fail_closed_decision,
    stalenessBoundMs: config.offline.staleness_bound_s * 1000,
    whenFull: config.log.when_full,
  },
});
const server = await serverMod.serveLocal(apiMod.deviceApi(governor, () => ({})).fetch, 0);
mark("governor + local HTTP API listening");
const post = async (body: unknown) =>
  (await fetch(`${server.url}/v2/evaluate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json();
await post({ agent_id: "cold", action: "move arm to 30 degrees", action_type: "actuation" });
mark("first decision over HTTP (client side: fetch/undici loaded in this process too)");
const corpus = JSON.parse(readFileSync(corpusFile, "utf8")) as unknown[];
for (const r of corpus) await post(r);
mark(`${corpus.length} more decisions (JIT-compiled code, agent rows, SQLite page cache)`);

// What the heap holds at the end, by V8 node kind (self sizes from a heap snapshot).
const heapByKind: Record<string, number> = {};
const file = writeHeapSnapshot(`/tmp/nethical-edge-probe-${process.pid}.heapsnapshot`);
try {
  const snap = JSON.parse(readFileSync(file, "utf8")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const kinds = snap.snapshot.meta.node_types[0];
  const step = fields.length;
  const typeAt = fields.indexOf("type");
  const sizeAt = fields.indexOf("self_size");
  for (let i = 0; i < snap.nodes.length; i += step) {
    const kind = kinds[snap.nodes[i + typeAt]!] ?? "?";
    heapByKind[kind] = (heapByKind[kind] ?? 0) + snap.nodes[i + sizeAt]!;
  }
} finally {
  rmSync(file, { force: true });
}
for (const k of Object.keys(heapByKind)) heapByKind[k] = Math.round((heapByKind[k]! / MB) * 10) / 10;
await server.close();
db.close();
void core;
process.stdout.write(`${JSON.stringify({ stages, heap_by_kind: heapByKind })}\n`);
