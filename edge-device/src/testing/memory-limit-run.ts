/**
 * Run the device process inside a memory cgroup and drive it (edge-device/src/e2e/memory-limit.test.ts and
 * `npm run bench:edge`): a data folder holding a verified 1k-rule bundle, the device started the way
 * bench/edge-memory.ts starts it (the shipped build and its launcher tuning, or the TypeScript source), a
 * reference server it syncs with and uploads to, `decisions` evaluate calls over the local API, a second
 * 1k-rule bundle pushed and reloaded half way, then the cgroup's counters.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { syntheticPolicy } from "@nethical/core/testing/synthetic-policy.ts";
import { dataPaths, parseDeviceConfig } from "../config.ts";
import { acceptBundle, openDevice } from "../device.ts";
import { ensureDeviceKey } from "../sync/device-key.ts";
import { NODE_BINARY, spawnDevice, writeConfig, type DeviceProcess } from "./device-process.ts";
import { tempDir, testSigner } from "./fixtures.ts";
import { createMemoryCgroup, dropPageCache, uncachedCopy, type CgroupReading } from "./memory-cgroup.ts";
import { ReferenceServer } from "./reference-server.ts";
import { until } from "./until.ts";

const MIB = 1024 * 1024;

/** What one run under a memory limit showed. */
export interface MemoryLimitRun {
  limit_mib: number;
  /** "shared": the pinned Node binary (its pages cached by other processes are not charged here); "private": an uncached copy (every page charged). */
  binary: "shared" | "private";
  /** Whether `/proc/sys/vm/drop_caches` accepted the write before the start. */
  drop_caches: boolean;
  /** Resident bytes of the private copy before the start (0 = all of it will be charged), null if not measured. */
  binary_resident_bytes_before: number | null;
  started: boolean;
  decisions: number;
  answered: number;
  reloaded: boolean;
  /** The run hit its deadline (the device was alive but too slow: evicting and re-reading its code). */
  timed_out: boolean;
  /** The device's exit after our SIGTERM (or on its own): signal or code. */
  exit: { code: number | null; signal: string | null } | null;
  /** The kernel's OOM killer killed a process of the group. */
  oom_killed: boolean;
  /** /proc RSS of the device at the end (MB), null if it had gone. */
  rss_mb: { rss: number; anon: number; file: number } | null;
  cgroup: CgroupReading;
  error: string | null;
}

function procRss(pid: number): { rss: number; anon: number; file: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (f: string) => Number(status.match(new RegExp(`${f}:\\s+(\\d+)`))?.[1] ?? Number.NaN) / 1024;
    return { rss: kb("VmRSS"), anon: kb("RssAnon"), file: kb("RssFile") };
  } catch {
    return null;
  }
}

/**
 * Run the device at `entry` in a fresh memory cgroup of `limitMib` MiB and drive it. Never throws for the
 * device's sake: a device that does not start or dies is reported (`started`, `answered`, `oom_killed`).
 *
 * @example
 * const r = await runUnderMemoryLimit({ limitMib: 64, entry: "/tmp/x/nethical-edge.mjs" });
 * r.answered === r.decisions && !r.oom_killed;
 */
export async function runUnderMemoryLimit(options: {
  limitMib: number;
  entry: string;
  decisions?: number;
  binary?: "shared" | "private";
  dropCaches?: boolean;
  /** V8 flags before the entry, and environment added to the device's (tuning experiments). */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Give up after this long from the start (a device thrashing at its limit may crawl for minutes): `timed_out`. */
  deadlineMs?: number;
}): Promise<MemoryLimitRun> {
  const decisions = options.decisions ?? 1000;
  const binary = options.binary ?? "shared";
  const s = await testSigner("acme");
  const server = new ReferenceServer("acme");
  await server.start();
  const { dir, remove } = tempDir("nethical-edge-memlimit-");
  const raw = {
    tenant: "acme",
    device_id: "robot-mem",
    data_dir: dir,
    server_url: server.url,
    trusted_keys: s.trusted,
    http: { port: 0 },
    upload: { batch_size: 100, interval_ms: 200 },
  };
  // The persisted first bundle, as a device that has run before has it (and as the bench's cold start uses).
  const first = await s.bundle(1, syntheticPolicy(1000));
  const setup = await openDevice(parseDeviceConfig(raw));
  await acceptBundle(setup, first);
  setup.close();
  server.publish(first);
  const key = await ensureDeviceKey(dataPaths(parseDeviceConfig(raw)).deviceKey, "robot-mem");
  server.devices.set("robot-mem", key.publicKeyJwk);
  const configFile = writeConfig(join(dir, "device.json"), raw);
  const corpus = buildCorpus({ count: decisions, sizes: [1024], seed: 11 }).map((c, i) => ({ ...c.request, agent_id: `agent-${i % 50}` }));

  let node: string | undefined;
  let resident: number | null = null;
  if (binary === "private") {
    node = join(dir, "node");
    resident = uncachedCopy(NODE_BINARY, node);
  }
  const cgroup = createMemoryCgroup(`nethical-edge-${process.pid}-${Date.now()}`, options.limitMib * MIB);
  const dropped = options.dropCaches === false ? false : dropPageCache();
  const result: MemoryLimitRun = {
    limit_mib: options.limitMib,
    binary,
    drop_caches: dropped,
    binary_resident_bytes_before: resident,
    started: false,
    decisions,
    answered: 0,
    reloaded: false,
    timed_out: false,
    exit: null,
    oom_killed: false,
    rss_mb: null,
    cgroup: cgroup.read(),
    error: null,
  };
  let device: DeviceProcess | undefined;
  let exit: Promise<{ code: number | null; signal: string | null }> | undefined;
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  const left = () => {
    const ms = deadline - Date.now();
    if (ms <= 0) {
      result.timed_out = true;
      throw new Error("deadline reached");
    }
    return ms;
  };
  try {
    device = await spawnDevice(configFile, 30_000, options.entry, {
      prefix: cgroup.prefix,
      nodeArgs: options.nodeArgs ?? [],
      env: options.env ?? {},
      ...(node ? { node } : {}),
    });
    const child = device.child;
    exit = new Promise((r) => {
      if (child.exitCode !== null || child.signalCode !== null) r({ code: child.exitCode, signal: child.signalCode });
      else child.once("exit", (code, signal) => r({ code, signal }));
    });
    result.started = true;
    const evaluate = async (body: unknown) => {
      const res = await fetch(`${device!.url}/v2/evaluate`, { signal: AbortSignal.timeout(left()), method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = (await res.json()) as { decision?: string };
      if (res.ok && typeof json.decision === "string") result.answered++;
    };
    const half = Math.floor(decisions / 2);
    for (const r of corpus.slice(0, half)) await evaluate(r);
    server.publish(await s.bundle(2, syntheticPolicy(1000, { spreadTypes: true })));
    await until(device.output, (o) => o.includes('"event":"bundle","seq":2'), Math.min(30_000, left()));
    result.reloaded = true;
    for (const r of corpus.slice(half)) await evaluate(r);
    result.rss_mb = procRss(child.pid as number);
  } catch (e) {
    if (Date.now() >= deadline) result.timed_out = true;
    result.error = (e as Error).message.slice(0, 500);
  } finally {
    result.cgroup = cgroup.read();
    if (device) await device.kill("SIGTERM");
    if (exit) result.exit = await exit;
    const after = cgroup.read();
    result.oom_killed = (after.oom_kill ?? 0) > 0 || (result.exit?.signal === "SIGKILL");
    await cgroup.remove();
    await server.stop();
    remove();
  }
  return result;
}
