/**
 * `nethical-edge start` says what happens after its ready line: one JSON line per mode change and per new
 * bundle (it used to print `OFFLINE, bundle_seq 0` once and then nothing). A real device process and a
 * real WebSocket server.
 */
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { dataPaths, parseDeviceConfig } from "../config.ts";
import { ensureDeviceKey } from "../sync/device-key.ts";
import { spawnDevice, writeConfig } from "../testing/device-process.ts";
import { tempDir, testSigner } from "../testing/fixtures.ts";
import { ReferenceServer } from "../testing/reference-server.ts";
import { until } from "../testing/until.ts";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});


describe("nethical-edge start prints changes", () => {
  it("prints ONLINE and the new bundle when it syncs, and OFFLINE when the server goes away", async () => {
    const s = await testSigner("acme");
    const server = new ReferenceServer("acme");
    await server.start();
    cleanup.push(() => server.stop());
    server.publish(await s.bundle(1));
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const raw = {
      tenant: "acme",
      device_id: "printer-1",
      data_dir: dir,
      server_url: server.url,
      trusted_keys: s.trusted,
      http: { port: 0 },
      network: { heartbeat_interval_ms: 50, degraded_rtt_ms: 500, offline_after_missed: 3, reconnect_base_ms: 20, reconnect_cap_ms: 300 },
    };
    const key = await ensureDeviceKey(dataPaths(parseDeviceConfig(raw)).deviceKey, "printer-1");
    server.devices.set("printer-1", key.publicKeyJwk);
    const device = await spawnDevice(writeConfig(join(dir, "device.json"), raw));
    cleanup.push(() => device.kill());
    await until(device.output, (o) => o.includes('"event":"mode","mode":"ONLINE"') && o.includes('"event":"bundle","seq":1'));
    server.publish(await s.bundle(2));
    await until(device.output, (o) => o.includes('"event":"bundle","seq":2'));
    await server.stop();
    const out = await until(device.output, (o) => o.includes('"event":"mode","mode":"OFFLINE"'));
    const events = out.trim().split("\n").slice(1).map((line) => JSON.parse(line) as { event: string; mode?: string; seq?: number });
    // One line per change: each bundle once; ONLINE, and OFFLINE last (DEGRADED may come and go on a busy machine).
    expect(events.filter((e) => e.event === "bundle").map((e) => e.seq)).toEqual([1, 2]);
    const modes = events.filter((e) => e.event === "mode").map((e) => e.mode);
    expect(modes).toContain("ONLINE");
    expect(modes.at(-1)).toBe("OFFLINE");
    for (let i = 1; i < modes.length; i++) expect(modes[i]).not.toBe(modes[i - 1]);
  }, 30_000);
});
