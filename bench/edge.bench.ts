/**
 * `npm run bench:edge`: the edge-device governor in-process, on the 1,000-rule synthetic policy
 * (bench/lib/synthetic-policy.ts) and the mixed 1 KB corpus. Writes bench/results/edge.json:
 * - `eval_p50_us` / `eval_p99_us`: governor.evaluate including the durable log append (SQLite WAL,
 *   synchronous=FULL: one fsync per decision), and the same with synchronous=NORMAL, and without any log
 *   (`nolog_*`: core evaluate + the AgentState transition + conservative adjustment only);
 * - `rss_mb_1k_rules`: resident memory of a fresh device process (the esbuild bundle a device ships) with
 *   the 1k-rule bundle loaded, after 1,000 decisions; also with `--max-semi-space-size=1` and as TypeScript
 *   source (type stripping);
 * - `cold_start_ms`: spawn `nethical-edge start` on a persisted bundle → first decision answered (median of 5).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { applyDecision } from "../durable-objects/src/agent-state/apply-decision.ts";
import { newRow } from "../durable-objects/src/agent-state/state-table.ts";
import { acceptBundle, openDevice, parseDeviceConfig } from "../edge-device/src/index.ts";
import { conservativeResponse } from "../edge-device/src/governor/conservative.ts";
import { spawnDevice, writeConfig } from "../edge-device/src/testing/device-process.ts";
import { tempDir, testSigner } from "../edge-device/src/testing/fixtures.ts";
import { buildCorpus } from "./lib/corpus.ts";
import { table, writeResult } from "./lib/results.ts";
import { median, percentile, round } from "./lib/stats.ts";
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
const noLogDevice = await openDevice(parseDeviceConfig({ tenant: "bench", device_id: "b", data_dir: tempDir().dir, trusted_keys: signer.trusted }));
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

// RSS and cold start: a fresh device process on the persisted 1k-rule bundle (the FULL run's data dir),
// run two ways: the shipped form (one esbuild bundle, plain JS) and the TypeScript source with Node's type
// stripping (whose transformer alone adds ~50 MB RSS).
const configFile = writeConfig(join(full.dir, "device.json"), { ...full.raw, http: { port: 0 } });
const bundled = join(full.dir, "nethical-edge.mjs");
await new Promise<void>((resolve, reject) => {
  const esbuild = spawn(join(import.meta.dirname, "..", "node_modules", ".bin", "esbuild"), [
    join(import.meta.dirname, "..", "edge-device", "bin", "nethical-edge.js"),
    "--bundle", "--platform=node", "--format=esm", "--target=node24", `--outfile=${bundled}`, "--log-level=error",
    "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  ], { stdio: "inherit" });
  esbuild.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`esbuild exited ${code}`))));
});
const shipped = await measureProcess(bundled);
const source = await measureProcess(undefined);
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --max-semi-space-size=1`.trim();
const smallYoung = await measureProcess(bundled);
process.env.NODE_OPTIONS = "";
const nodeBaselineMb = await baselineRss();
full.remove();

/** RSS of a bare Node process of the same version that has just started (the floor under any device). */
async function baselineRss(): Promise<number> {
  const out = await new Promise<string>((resolve) => {
    const p = spawn(process.execPath, ["-e", "setTimeout(() => console.log(process.memoryUsage().rss), 200)"]);
    let s = "";
    p.stdout.on("data", (c) => (s += c));
    p.on("close", () => resolve(s));
  });
  return Number(out.trim()) / 1024 / 1024;
}

async function measureProcess(entry: string | undefined): Promise<{ coldMs: number; rssMb: number }> {
const colds: number[] = [];
let rssMb = 0;
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  const p = await spawnDevice(configFile, 20_000, entry);
  const first = await fetch(`${p.url}/v2/evaluate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ agent_id: "cold", action: "move arm to 30 degrees", action_type: "actuation" }),
  });
  await first.json();
  colds.push(performance.now() - started);
  if (i === 0) {
    for (let k = 0; k < 1000; k++) {
      const r = corpus[k % corpus.length];
      await (await fetch(`${p.url}/v2/evaluate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(r) })).json();
    }
    rssMb = await rssOf(p.child.pid as number);
  }
  await p.kill("SIGTERM");
}
return { coldMs: median(colds), rssMb };
}

async function rssOf(pid: number): Promise<number> {
  const out = await new Promise<string>((resolve) => {
    const ps = spawn("ps", ["-o", "rss=", "-p", String(pid)]);
    let s = "";
    ps.stdout.on("data", (c) => (s += c));
    ps.on("close", () => resolve(s));
  });
  return Number(out.trim()) / 1024;
}

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
  rss_mb_1k_rules: round(shipped.rssMb, 1),
  rss_budget_mb: 64,
  cold_start_ms: round(shipped.coldMs, 1),
  rss_mb_1k_rules_semi_space_1mb: round(smallYoung.rssMb, 1),
  rss_mb_node_baseline: round(nodeBaselineMb, 1),
  rss_mb_1k_rules_ts_source: round(source.rssMb, 1),
  cold_start_ms_ts_source: round(source.coldMs, 1),
  log_synchronous: "FULL",
};
console.log(
  table([
    ["metric", "value"],
    ...Object.entries(result).map(([k, v]) => [k, String(v)]),
  ]),
);
console.log(await writeResult("edge", result));
