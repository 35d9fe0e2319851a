/**
 * Real processes for end-to-end tests and benches: the Worker under `wrangler dev` (workerd, Durable
 * Objects, KV, fresh state) and one device as its own Node process, enrolled with `nethical-edge enroll`
 * and synced over the real `/v2/sync`. Resolves once the device runs the tenant's bundle ONLINE.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@nethical/dev-stack/postgres-port";
import { startWranglerDev, type WranglerDev } from "@nethical/dev-stack/wrangler-dev";
import { NODE_BINARY, spawnDevice, writeConfig, type DeviceProcess } from "./device-process.ts";
import { tempDir } from "./fixtures.ts";
import { until } from "./until.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");

/** The running stack. */
export interface WorkerDeviceStack {
  worker: WranglerDev;
  tenant: string;
  keys: { agent: string; operator: string; auditor: string };
  /** The platform bootstrap key (platform-only routes, e.g. policy key rotation). */
  bootstrap: string;
  /** Call the Worker with a key; throws on a status ≥ 300 unless `okStatuses` lists it. */
  call(path: string, key: string, json?: unknown, method?: string): Promise<any>;
  /** Evaluate at the Worker (agent key): the decision body. */
  evaluateAtWorker(request: unknown): Promise<any>;
  /** Evaluate on the device's local HTTP API: the decision body. */
  evaluateOnDevice(request: unknown): Promise<any>;
  /** The device's `GET /status`. */
  status(): Promise<any>;
  /** The current device process. */
  device(): DeviceProcess;
  /** Stop the device process (SIGTERM) and start it again on the same data (offline, then back). */
  stopDevice(): Promise<void>;
  startDevice(): Promise<void>;
  stop(): Promise<void>;
  /** The device's config file (its data_dir holds the identity key). */
  configFile: string;
}

/**
 * Start wrangler dev and an enrolled device process for a new tenant.
 *
 * @example
 * const stack = await startWorkerDeviceStack("fleet");
 * await stack.call("/v2/emergency-stop", stack.keys.operator, { reason: "drill" });
 */
export async function startWorkerDeviceStack(prefix: string, deviceId: string = "e2e-device-1", extraConfig: Record<string, unknown> = {}): Promise<WorkerDeviceStack> {
  const cleanup: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const f of cleanup.reverse()) await f();
  };
  try {
    const { dir, remove } = tempDir(`nethical-${prefix}-`);
    cleanup.push(remove);
    const bootstrap = `bootstrap-${crypto.randomUUID()}`;
    writeFileSync(join(dir, ".dev.vars"), `BOOTSTRAP_ADMIN_KEY=${bootstrap}\n`);
    const worker = await startWranglerDev({ root: ROOT, port: await freePort(), stateDir: join(dir, "wrangler"), envFile: join(dir, ".dev.vars"), timeoutMs: 90_000 });
    cleanup.push(() => worker.stop());
    const call = async (path: string, key: string, json?: unknown, method?: string) => {
      const res = await fetch(`${worker.url}${path}`, {
        method: method ?? (json === undefined ? "GET" : "POST"),
        headers: { authorization: `Bearer ${key}`, ...(json !== undefined ? { "content-type": "application/json" } : {}) },
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
      const body = (await res.json()) as any;
      if (res.status >= 300) throw new Error(`${method ?? "call"} ${path}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const tenant = `${prefix.replace(/[^a-z0-9]/g, "").slice(0, 20)}${crypto.randomUUID().slice(0, 6)}`;
    await call("/v2/admin/tenants", bootstrap, { tenant });
    const issue = async (role: string) => (await call(`/v2/admin/tenants/${tenant}/keys`, bootstrap, { role })).secret as string;
    const keys = { agent: await issue("agent"), operator: await issue("operator"), auditor: await issue("auditor") };
    const published = await call("/v2/policies/keys", keys.operator);
    const trusted = Object.fromEntries((published.keys as { key_id: string; jwk: JsonWebKey }[]).map((k) => [k.key_id, k.jwk]));
    const active = (await call("/v2/policies/active", keys.operator)) as { seq: number };
    const configFile = writeConfig(join(dir, "device.json"), {
      tenant,
      device_id: deviceId,
      data_dir: join(dir, "device"),
      server_url: worker.url,
      trusted_keys: trusted,
      http: { port: 0 },
      network: { heartbeat_interval_ms: 500, degraded_rtt_ms: 2000, offline_after_missed: 10, reconnect_base_ms: 100, reconnect_cap_ms: 1000 },
      upload: { batch_size: 250, interval_ms: 1000 },
      ...extraConfig,
    });
    const enrolled = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn(NODE_BINARY, [join(ROOT, "edge-device", "bin", "nethical-edge.js"), "enroll", "--config", configFile, "--operator-key", keys.operator], { cwd: ROOT });
      let out = "";
      p.stdout.on("data", (c) => (out += c));
      p.stderr.on("data", (c) => (out += c));
      p.on("exit", (code) => resolve({ code, out }));
    });
    if (enrolled.code !== 0) throw new Error(`enroll failed: ${enrolled.out.slice(-500)}`);

    let current: DeviceProcess | undefined;
    const startDevice = async () => {
      current = await spawnDevice(configFile);
      const proc = current;
      cleanup.push(() => proc.kill());
    };
    const status = async () => (await (await fetch(`${current?.url}/status`)).json()) as any;
    await startDevice();
    await until(status, (s) => s.bundle.seq >= (active.seq ?? 1) && s.mode === "ONLINE" && s.sync?.authenticated === true, 30_000);
    const post = async (url: string, key: string | undefined, request: unknown) => {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(key !== undefined ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(request) });
      if (res.status !== 200) throw new Error(`evaluate ${url}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    return {
      worker,
      tenant,
      keys,
      bootstrap,
      call,
      evaluateAtWorker: (request) => post(`${worker.url}/v2/evaluate`, keys.agent, request),
      evaluateOnDevice: (request) => post(`${current?.url}/v2/evaluate`, undefined, request),
      status,
      device: () => current as DeviceProcess,
      stopDevice: async () => {
        await current?.kill("SIGTERM");
      },
      startDevice: async () => {
        await startDevice();
        await until(status, (s) => s.sync?.authenticated === true, 30_000);
      },
      stop,
      configFile,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
