/**
 * The device started from a V8 startup snapshot (scripts/build.ts `buildSnapshot`, started with
 * `node --snapshot-blob nethical-edge.blob start --config …`) decides exactly as the shipped one-file build
 * does: both processes on the same persisted, signed 1k-rule bundle get the same 300 requests (mixed 1 KB
 * corpus, PII, secrets, injections, dangerous code) and answer byte-identical bodies apart from the
 * measured latency. The command line after the blob reaches the CLI.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { syntheticPolicy } from "@nethical/core/testing/synthetic-policy.ts";
import { buildDevice, buildSnapshot } from "@nethical/edge-device/scripts/build";
import { acceptBundle, openDevice, parseDeviceConfig } from "@nethical/edge-device";
import { NODE_BINARY, spawnDevice, writeConfig, type DeviceProcess } from "@nethical/edge-device/testing/device-process";
import { tempDir, testSigner } from "@nethical/edge-device/testing/fixtures";
import { enrolledDevice } from "@nethical/edge-device/testing/enrolled-device";
import { until } from "@nethical/edge-device/testing/until";

const out = tempDir("nethical-edge-snapshot-");
const devices: DeviceProcess[] = [];
let blob = "";
let entry = "";
let configs: string[] = [];

beforeAll(async () => {
  [blob, entry] = await Promise.all([buildSnapshot(join(out.dir, "nethical-edge.blob")), buildDevice(join(out.dir, "build", "nethical-edge.mjs"))]);
  const s = await testSigner("acme");
  const bundle = await s.bundle(1, syntheticPolicy(1000));
  configs = [];
  for (const name of ["snapshot", "build"]) {
    const raw = { tenant: "acme", device_id: `robot-${name}`, data_dir: join(out.dir, name), trusted_keys: s.trusted, http: { port: 0 } };
    const device = await openDevice(parseDeviceConfig(raw));
    await acceptBundle(device, bundle);
    device.close();
    configs.push(writeConfig(join(out.dir, `${name}.json`), raw));
  }
}, 120_000);

afterAll(async () => {
  for (const d of devices) await d.kill();
  out.remove();
});

async function decide(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/v2/evaluate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("the device from a startup snapshot", () => {
  it("answers 300 requests byte-identically to the one-file build (latency aside)", async () => {
    const fromSnapshot = await spawnDevice(configs[0]!, 30_000, blob, { nodeArgs: ["--snapshot-blob"] });
    devices.push(fromSnapshot);
    const fromBuild = await spawnDevice(configs[1]!, 30_000, entry);
    devices.push(fromBuild);
    expect(fromSnapshot.ready.bundle_seq).toBe(1);
    expect(fromSnapshot.ready.mode).toBe(fromBuild.ready.mode);
    const corpus = buildCorpus({ count: 300, sizes: [256, 1024], seed: 7 }).map((c, i) => ({ ...c.request, agent_id: `agent-${i % 7}`, request_id: `req-${i}` }));
    const decisions = new Set<string>();
    for (const request of corpus) {
      const [a, b] = [await decide(fromSnapshot.url, request), await decide(fromBuild.url, request)];
      expect(a.status).toBe(b.status);
      const { latency_ms: la, ...restA } = a.body;
      const { latency_ms: lb, ...restB } = b.body;
      expect(typeof la).toBe("number");
      expect(typeof lb).toBe("number");
      expect(JSON.stringify(restA)).toBe(JSON.stringify(restB));
      decisions.add(String(a.body.decision));
    }
    // The corpus exercised more than one outcome (not 300 identical defaults).
    expect(decisions.size).toBeGreaterThan(1);
  }, 120_000);

  it("syncs its policy over the WebSocket and uploads its log (built-ins the on-demand ws needs are bound after the start)", async () => {
    const e = await enrolledDevice("robot-online", { upload: { batch_size: 5, interval_ms: 50 } }, { dataDir: join(out.dir, "online"), seq: 3 });
    try {
      const { server } = e;
      const device = await spawnDevice(e.configFile, 30_000, blob, { nodeArgs: ["--snapshot-blob"] });
      devices.push(device);
      const status = async () => (await (await fetch(`${device.url}/status`)).json()) as any;
      await until(status, (st) => st.bundle.seq === 3 && st.sync.authenticated === true);
      for (let i = 0; i < 7; i++) expect((await decide(device.url, { agent_id: "a", action: `move to ${i}`, action_type: "actuation" })).status).toBe(200);
      const after = await until(status, (st) => st.log.pending === 0);
      expect(after.upload.uploaded).toBe(7);
      expect(server.events.size).toBe(7);
    } finally {
      await e.close();
    }
  }, 60_000);

  it("the one-file build keeps V8's code cache in NETHICAL_EDGE_COMPILE_CACHE (restarts do not compile the device code again)", () => {
    const cache = join(out.dir, "compile-cache");
    const run = spawnSync(NODE_BINARY, [entry, "help"], { encoding: "utf8", env: { ...process.env, NETHICAL_EDGE_COMPILE_CACHE: cache } });
    expect(run.status).toBe(0);
    const entries = readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(entries.length).toBeGreaterThan(0);
  });

  it("keeps no code cache unless NETHICAL_EDGE_COMPILE_CACHE names a folder (reading one at start cost the 64 MiB fit)", () => {
    // Node's default cache folder is <os.tmpdir()>/node-compile-cache: point TMPDIR at a fresh folder and look.
    const tmp = join(out.dir, "tmp-no-cache");
    mkdirSync(tmp);
    const { NODE_COMPILE_CACHE: _n, NETHICAL_EDGE_COMPILE_CACHE: _e, ...env } = process.env;
    for (const setting of [undefined, "", "off"]) {
      const run = spawnSync(NODE_BINARY, [entry, "help"], { encoding: "utf8", env: { ...env, TMPDIR: tmp, ...(setting === undefined ? {} : { NETHICAL_EDGE_COMPILE_CACHE: setting }) } });
      expect(run.status).toBe(0);
      expect(readdirSync(tmp), `NETHICAL_EDGE_COMPILE_CACHE=${setting}`).toEqual([]);
    }
  });

  it("takes the command line after the blob (command first: Node reads options before it as its own)", () => {
    const help = spawnSync(NODE_BINARY, ["--snapshot-blob", blob, "help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("usage: nethical-edge <command>");
    const startHelp = spawnSync(NODE_BINARY, ["--snapshot-blob", blob, "start", "--help"], { encoding: "utf8" });
    expect(startHelp.status).toBe(0);
    expect(startHelp.stdout).toContain("start --config FILE");
  });
});
