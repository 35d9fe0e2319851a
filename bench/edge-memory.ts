/**
 * Memory and start-up of the device process, for `npm run bench:edge` (bench/edge.bench.ts):
 *
 * - {@link measureDevice}: spawn `nethical-edge start` (the shipped bundle or the TypeScript source) on a
 *   data folder holding a verified 1k-rule bundle, with given V8 flags and launcher tuning; cold start =
 *   spawn → first decision answered (median of several starts; the client's own fetch is warmed up first,
 *   so its start-up is not counted), then 1,000 decisions over the local API, then RSS (and its anonymous /
 *   file-backed split) from /proc, and the median `latency_ms` the device reported for those decisions.
 * - {@link memoryBreakdown}: the stage probe (bench/edge-memory-probe.ts), bundled with code splitting and run
 *   as its own process: RSS and V8 heap after each step of bringing the device up, plus the heap by kind.
 * - {@link bareNodeRss}: a bare Node process of the same version (the floor under any device).
 * - {@link memoryLimitSweep} / {@link onlineRss}: the device online (syncing and uploading) in memory cgroups.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { spawnDevice, writeConfig } from "@nethical/edge-device/testing/device-process";
import { memoryCgroupSupport } from "@nethical/edge-device/testing/memory-cgroup";
import { runUnderMemoryLimit, type MemoryLimitRun } from "@nethical/edge-device/testing/memory-limit-run";
import { acceptBundle, openDevice, parseDeviceConfig } from "@nethical/edge-device";
import { tempDir, testSigner } from "@nethical/edge-device/testing/fixtures";
import { escapeNonAscii } from "@nethical/edge-device/scripts/build";
import { median, round } from "./lib/stats.ts";
import { syntheticPolicy } from "./lib/synthetic-policy.ts";

const ROOT = join(import.meta.dirname, "..");
const NODE = join(ROOT, "node_modules", ".bin", "node");

/** One way of running the device, and what it measured. */
export interface DeviceRun {
  label: string;
  rss_mb: number;
  rss_anon_mb: number;
  rss_file_mb: number;
  cold_start_ms: number;
  p50_latency_ms: number;
}

/** A device ready for cold starts: its data folder, config file and one-file build. */
export interface ColdDevice {
  entry: string;
  configFile: string;
  /** A module that loads the build's code as its launcher does (tuning, then the device's modules) and starts nothing: {@link codeLoadedPreload}. */
  codeLoaded: string;
  remove: () => void;
}

/**
 * A data folder holding a persisted, verified 1k-rule bundle, a config for it (local API on a free port) and
 * the device built as it ships (`minify: false` keeps function names, for CPU profiles): what every
 * cold-start measurement starts.
 *
 * @example
 * const cold = await prepareColdDevice("nethical-edge-cold-"); // … then cold.remove()
 */
export async function prepareColdDevice(prefix: string, options: { minify?: boolean } = {}): Promise<ColdDevice> {
  const signer = await testSigner("bench");
  const { dir, remove } = tempDir(prefix);
  const raw = { tenant: "bench", device_id: "bench-1", data_dir: dir, trusted_keys: signer.trusted };
  const device = await openDevice(parseDeviceConfig(raw));
  await acceptBundle(device, await signer.bundle(1, syntheticPolicy(1000)));
  device.close();
  const configFile = writeConfig(join(dir, "device.json"), { ...raw, http: { port: 0 } });
  const entry = await buildDevice(join(dir, "build", "nethical-edge.mjs"), options);
  return { entry, configFile, codeLoaded: codeLoadedPreload(entry), remove };
}

/**
 * Write, next to the one-file build `entry`, a module that does what the build's launcher does before it
 * starts anything: apply the launcher's tuning, then import the device's modules (the core's tables, zod
 * schemas, classifier weights, Hono, RE2JS: everything `nethical-edge start` evaluates before it opens
 * the device). Imported first (`node --import`) by a bare server, it gives the floor under any start of
 * this code: the time and memory of loading it, with no SQLite, bundle, policy or decision.
 *
 * @example
 * const preload = codeLoadedPreload("/tmp/x/nethical-edge.mjs"); // "/tmp/x/code-loaded.mjs"
 */
export function codeLoadedPreload(entry: string): string {
  const chunks = readdirSync(join(dirname(entry), "chunks"));
  const chunk = (prefix: string) => {
    const found = chunks.find((f) => f.startsWith(`${prefix}-`) && f.endsWith(".mjs"));
    if (found === undefined) throw new Error(`codeLoadedPreload: no ${prefix}-*.mjs chunk next to ${entry}`);
    return `./chunks/${found}`;
  };
  const file = join(dirname(entry), "code-loaded.mjs");
  writeFileSync(
    file,
    [
      `const { applyTuning } = await import(${JSON.stringify(chunk("tuning"))});`,
      "applyTuning(process.env, process.execArgv);",
      `const { main } = await import(${JSON.stringify(chunk("main"))});`,
      `if (typeof main !== "function") throw new Error("code-loaded: the main chunk exports no main()");`,
      "",
    ].join("\n"),
  );
  return file;
}

/**
 * Build the device as it ships (edge-device/scripts/build.ts, run as a command) into `outfile`.
 *
 * @example
 * const entry = await buildDevice("/tmp/x/nethical-edge.mjs");
 */
export async function buildDevice(outfile: string, options: { minify?: boolean } = {}): Promise<string> {
  const args = [join(ROOT, "edge-device", "scripts", "build.ts"), outfile, ...(options.minify === false ? ["--no-minify"] : [])];
  await new Promise<void>((resolve, reject) => {
    const p = spawn(NODE, args, { stdio: ["ignore", "ignore", "inherit"] });
    p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`edge-device build exited ${code}`))));
  });
  return outfile;
}

/**
 * Build the device as a V8 startup snapshot (edge-device/scripts/build.ts --snapshot, run as a command)
 * into `blob`; start it with `node --snapshot-blob <blob> start …`.
 *
 * @example
 * const blob = await buildDeviceSnapshot("/tmp/x/nethical-edge.blob");
 */
export async function buildDeviceSnapshot(blob: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const p = spawn(NODE, [join(ROOT, "edge-device", "scripts", "build.ts"), blob, "--snapshot"], { stdio: ["ignore", "ignore", "inherit"] });
    p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`edge-device snapshot build exited ${code}`))));
  });
  return blob;
}

/** CPU time (ms) the threads of `pid` have run so far (/proc/<pid>/task/<tid>/schedstat), or NaN. */
function cpuMs(pid: number): number {
  let ns = 0;
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // the thread ended meanwhile
      }
    }
  } catch {
    return Number.NaN;
  }
  return ns / 1e6;
}

/** One way of starting a process for {@link interleavedColdStarts}. */
export interface StartVariant {
  label: string;
  /**
   * The device's entry (a build or a snapshot blob with `nodeArgs: ["--snapshot-blob"]`) or "bare-node" (a
   * node:http server answering one request; `nodeArgs` go before its script, e.g. `--import` a preload).
   */
  entry: string;
  configFile?: string;
  nodeArgs?: string[];
  /** Environment added to the process's (e.g. a service unit's `Environment=`). */
  env?: Record<string, string>;
}

/**
 * Cold starts of several variants taken in turn (round r starts every variant once), so that load from other
 * processes on the machine falls on all of them alike: per variant the median and minimum wall time (spawn →
 * first decision answered) and the median CPU time the process used until then (all its threads).
 *
 * @example
 * await interleavedColdStarts([{ label: "bare", entry: "bare-node" }, { label: "shipped", entry, configFile }], 15);
 */
export async function interleavedColdStarts(variants: StartVariant[], rounds: number): Promise<Record<string, { median_ms: number; min_ms: number; cpu_median_ms: number }>> {
  await warmFetch();
  const server = `require("http").createServer((q, s) => { q.resume(); q.on("end", () => s.end("{}")); }).listen(0, "127.0.0.1", function () { console.log(JSON.stringify({ url: "http://127.0.0.1:" + this.address().port })); })`;
  const wall = new Map<string, number[]>(variants.map((v) => [v.label, []]));
  const cpu = new Map<string, number[]>(variants.map((v) => [v.label, []]));
  for (let r = 0; r <= rounds; r++) {
    for (const v of variants) {
      const started = performance.now();
      const args = v.entry === "bare-node" ? [...(v.nodeArgs ?? []), "-e", server] : [...(v.nodeArgs ?? []), v.entry, "start", "--config", v.configFile ?? ""];
      const p = spawn(NODE, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...v.env } });
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        p.once("exit", (code) => reject(new Error(`${v.label} exited ${code} before ready`)));
        p.stdout.on("data", (c) => {
          out += c;
          if (out.includes("\n")) resolve((JSON.parse(out.slice(0, out.indexOf("\n"))) as { url: string }).url);
        });
      });
      await post(url, { agent_id: "cold", action: "move arm to 30 degrees", action_type: "actuation" });
      const ms = performance.now() - started;
      const used = cpuMs(p.pid as number);
      const exited = new Promise((res) => p.once("exit", res));
      p.kill("SIGTERM");
      await exited;
      // Round 0 warms the page cache (and the compile cache of a variant that turns it on); it is not counted.
      if (r > 0) {
        wall.get(v.label)!.push(ms);
        cpu.get(v.label)!.push(used);
      }
    }
  }
  return Object.fromEntries(
    variants.map((v) => [v.label, { median_ms: round(median(wall.get(v.label)!), 1), min_ms: round(Math.min(...wall.get(v.label)!), 1), cpu_median_ms: round(median(cpu.get(v.label)!), 1) }]),
  );
}

/**
 * RSS, anonymous and file-backed resident memory of `pid` in MB (Linux /proc).
 *
 * @example
 * procRss(child.pid); // { rss: 91.7, anon: 41.3, file: 50.4 }
 */
export function procRss(pid: number): { rss: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? Number.NaN);
  return { rss: kb("VmRSS") / 1024, anon: kb("RssAnon") / 1024, file: kb("RssFile") / 1024 };
}

let fetchWarm = false;
async function warmFetch(): Promise<void> {
  if (fetchWarm) return;
  // The first fetch() of a process loads undici (tens of ms): pay it here, not inside a cold start.
  const { createServer } = await import("node:http");
  const server = createServer((_req, res) => res.end("{}"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  await (await fetch(`http://127.0.0.1:${port}/`)).text();
  server.close();
  fetchWarm = true;
}

const post = async (url: string, body: unknown): Promise<{ latency_ms: number }> =>
  (await fetch(`${url}/v2/evaluate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json() as Promise<{
    latency_ms: number;
  }>;

/**
 * Run the device `starts` times on `configFile`; the first run also answers `corpus` before its RSS is read.
 *
 * @example
 * const r = await measureDevice("shipped", config, corpus, { entry: bundle });
 */
export async function measureDevice(
  label: string,
  configFile: string,
  corpus: readonly unknown[],
  options: { entry?: string; nodeArgs?: string[]; tuning?: string; starts?: number; env?: Record<string, string> } = {},
): Promise<DeviceRun> {
  await warmFetch();
  const env: Record<string, string> = { ...(options.env ?? {}), ...(options.tuning === undefined ? {} : { NETHICAL_EDGE_TUNING: options.tuning }) };
  const colds: number[] = [];
  let mem = { rss: 0, anon: 0, file: 0 };
  let p50 = 0;
  for (let i = 0; i < (options.starts ?? 7); i++) {
    const started = performance.now();
    const p = await spawnDevice(configFile, 20_000, options.entry, { nodeArgs: options.nodeArgs ?? [], env });
    await post(p.url, { agent_id: "cold", action: "move arm to 30 degrees", action_type: "actuation" });
    colds.push(performance.now() - started);
    if (i === 0) {
      const latencies: number[] = [];
      for (const r of corpus) latencies.push((await post(p.url, r)).latency_ms);
      mem = procRss(p.child.pid as number);
      p50 = median(latencies);
    }
    await p.kill("SIGTERM");
  }
  return {
    label,
    rss_mb: round(mem.rss, 1),
    rss_anon_mb: round(mem.anon, 1),
    rss_file_mb: round(mem.file, 1),
    cold_start_ms: round(median(colds), 1),
    p50_latency_ms: round(p50, 3),
  };
}

/**
 * RSS of a bare Node process of the same version that has just started (the floor under any device), or,
 * with `nodeArgs` such as `["--import", codeLoadedPreload(entry)]`, of one that has loaded the device's code
 * first and started nothing.
 *
 * @example
 * await bareNodeRss(); // ~44
 */
export async function bareNodeRss(nodeArgs: readonly string[] = []): Promise<{ rss: number; anon: number; file: number }> {
  const out = await new Promise<string>((resolve) => {
    const p = spawn(NODE, [...nodeArgs, "-e", `setTimeout(() => process.stdout.write(require("fs").readFileSync("/proc/self/status", "utf8")), 200)`]);
    let s = "";
    p.stdout.on("data", (c) => (s += c));
    p.on("close", () => resolve(s));
  });
  const kb = (field: string) => Number(out.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? Number.NaN) / 1024;
  return { rss: round(kb("VmRSS"), 1), anon: round(kb("RssAnon"), 1), file: round(kb("RssFile"), 1) };
}

/** One step of the stage probe (see bench/edge-memory-probe.ts). */
export interface Stage {
  stage: string;
  rss_mb: number;
  rss_anon_mb: number;
  rss_file_mb: number;
  heap_used_mb: number;
  heap_total_mb: number;
  external_mb: number;
  code_space_mb: number;
  new_space_mb: number;
  old_space_mb: number;
  v8_malloced_mb: number;
  ms: number;
}

/**
 * Run the stage probe on `configFile` with the launcher's V8 flags (`nodeArgs`) and zod setting, and return
 * each stage with its RSS delta, plus the heap by kind at the end.
 *
 * @example
 * const b = await memoryBreakdown(config, corpusFile, ["--semi-space-growth-factor=1", "--no-maglev"], true);
 */
export async function memoryBreakdown(
  configFile: string,
  corpusFile: string,
  nodeArgs: string[],
  zodJitless: boolean,
): Promise<{ stages: (Stage & { delta_rss_mb: number })[]; heap_by_kind_mb: Record<string, number> }> {
  const outdir = mkdtempSync(join(tmpdir(), "nethical-edge-probe-"));
  try {
    const probe = await build({
      entryPoints: [join(import.meta.dirname, "edge-memory-probe.ts")],
      outdir,
      write: false,
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      target: "node24",
      minify: true,
      charset: "ascii",
      logLevel: "error",
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      // The PKCS#11 binding is native and only loaded for a token key (as in scripts/build.ts).
      external: ["pkcs11js"],
    });
    // Escaped as the shipped build is (scripts/build.ts): a non-ASCII character left in a regular-expression
    // literal would make V8 hold that chunk's source as UTF-16, and the probe would count memory the device
    // does not use.
    for (const f of probe.outputFiles) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.path.endsWith(".js") ? escapeNonAscii(f.text) : f.contents);
    }
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn(NODE, ["--expose-gc", ...nodeArgs, join(outdir, "edge-memory-probe.js"), configFile, corpusFile], {
        env: { ...process.env, PROBE_ZOD_JITLESS: zodJitless ? "1" : "0" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let s = "";
      p.stdout.on("data", (c) => (s += c));
      p.on("close", (code) => (code === 0 ? resolve(s) : reject(new Error(`probe exited ${code}`))));
    });
    const result = JSON.parse(out) as { stages: Stage[]; heap_by_kind: Record<string, number> };
    const stages = result.stages.map((s, i) => ({ ...s, delta_rss_mb: round(s.rss_mb - (result.stages[i - 1]?.rss_mb ?? 0), 1) }));
    const heap = Object.fromEntries(Object.entries(result.heap_by_kind).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]));
    return { stages, heap_by_kind_mb: heap };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** One limit tried `runs` times (a run not done in 90 s counts as failed: `timed_out`) under one way of charging and running the device. */
export interface LimitTrial {
  limit_mib: number;
  binary: "shared" | "private";
  setup: string;
  runs: number;
  passed: number;
  /** Per run: decisions answered (of 1,000), OOM-killed, out of time, peak charged MiB, memory.stat rss / cache / mapped_file MiB. */
  results: { answered: number; oom_killed: boolean; timed_out: boolean; max_usage_mib: number; rss_mib: number; cache_mib: number; mapped_file_mib: number; failcnt: number }[];
}

const mib = (b: number | undefined) => round((b ?? 0) / 1024 / 1024, 1);
const passed = (r: MemoryLimitRun) => r.started && r.reloaded && r.answered === r.decisions && !r.oom_killed && r.exit?.code === 0;

/**
 * The device at `entry` in memory cgroups of each limit (edge-device/src/testing/memory-limit-run.ts: 1,000
 * decisions and a 1k-rule bundle reload, syncing and uploading), `runs` times each; null with the reason
 * where cgroups cannot be made.
 *
 * @example
 * const sweep = await memoryLimitSweep(entry, [{ limits: [64, 96], binary: "shared", setup: "shipped" }]);
 */
export async function memoryLimitSweep(
  entry: string,
  plans: { limits: number[]; binary: "shared" | "private"; setup: string; runs?: number; nodeArgs?: string[]; env?: Record<string, string>; entry?: string }[],
): Promise<{ skipped: string } | { drop_caches: boolean; trials: LimitTrial[] }> {
  const support = memoryCgroupSupport();
  if (!support.ok) return { skipped: support.reason };
  const trials: LimitTrial[] = [];
  let dropCaches = false;
  for (const plan of plans) {
    for (const limit of plan.limits) {
      const results: LimitTrial["results"] = [];
      let ok = 0;
      for (let i = 0; i < (plan.runs ?? 3); i++) {
        const r = await runUnderMemoryLimit({ limitMib: limit, entry: plan.entry ?? entry, binary: plan.binary, deadlineMs: 90_000, nodeArgs: plan.nodeArgs ?? [], env: plan.env ?? {} });
        dropCaches ||= r.drop_caches;
        if (passed(r)) ok++;
        results.push({
          answered: r.answered,
          oom_killed: r.oom_killed,
          timed_out: r.timed_out,
          max_usage_mib: mib(r.cgroup.max_usage_bytes),
          rss_mib: mib(r.cgroup.stat.rss),
          cache_mib: mib(r.cgroup.stat.cache),
          mapped_file_mib: mib(r.cgroup.stat.mapped_file),
          failcnt: r.cgroup.failcnt,
        });
      }
      const t = { limit_mib: limit, binary: plan.binary, setup: plan.setup, runs: results.length, passed: ok, results };
      console.log(JSON.stringify(t));
      trials.push(t);
    }
  }
  return { drop_caches: dropCaches, trials };
}

/** RSS of the device online (median of its runs, MB), and each run's. */
export interface OnlineRss {
  setup: string;
  rss_mb: number;
  rss_anon_mb: number;
  rss_file_mb: number;
  runs: { rss: number; anon: number; file: number }[];
}

/**
 * RSS of the device at `entry` online: syncing with and uploading to a reference server over real sockets,
 * after 1,000 decisions and a 1k-rule bundle reload (memory-limit-run.ts, in a cgroup too large to press
 * it: 1 GiB), `runs` times; null with the reason where cgroups cannot be made. `rss_mb_1k_rules` is the
 * same device offline (no server configured).
 *
 * @example
 * const online = await onlineRss(entry, "shipped", { runs: 3 }); // { rss_mb: 102.7, … }
 */
export async function onlineRss(
  entry: string,
  setup: string,
  options: { runs?: number; nodeArgs?: string[]; env?: Record<string, string> } = {},
): Promise<OnlineRss | { skipped: string }> {
  const support = memoryCgroupSupport();
  if (!support.ok) return { skipped: support.reason };
  const runs: OnlineRss["runs"] = [];
  for (let i = 0; i < (options.runs ?? 3); i++) {
    const r = await runUnderMemoryLimit({ limitMib: 1024, entry, deadlineMs: 90_000, nodeArgs: options.nodeArgs ?? [], env: options.env ?? {} });
    if (!passed(r) || r.rss_mb === null) throw new Error(`online device run failed: ${r.error ?? JSON.stringify(r.exit)}`);
    runs.push({ rss: round(r.rss_mb.rss, 1), anon: round(r.rss_mb.anon, 1), file: round(r.rss_mb.file, 1) });
  }
  return { setup, ...medianRss(runs), runs };
}

/**
 * The median of several RSS readings, each of its three parts on its own (MB, one decimal).
 *
 * @example
 * medianRss([{ rss: 90, anon: 40, file: 50 }, { rss: 92, anon: 41, file: 51 }, { rss: 91, anon: 42, file: 49 }]);
 * // { rss_mb: 91, rss_anon_mb: 41, rss_file_mb: 50 }
 */
export function medianRss(runs: readonly { rss: number; anon: number; file: number }[]): { rss_mb: number; rss_anon_mb: number; rss_file_mb: number } {
  const med = (k: "rss" | "anon" | "file") => round(median(runs.map((r) => r[k])), 1);
  return { rss_mb: med("rss"), rss_anon_mb: med("anon"), rss_file_mb: med("file") };
}
