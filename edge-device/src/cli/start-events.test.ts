/**
 * `nethical-edge start` says what happens after its ready line: one JSON line per mode change and per new
 * bundle (it used to print `OFFLINE, bundle_seq 0` once and then nothing). A real device process and a
 * real WebSocket server.
 */
import { afterEach, describe, expect, it } from "vitest";
import { spawnDevice } from "@nethical/edge-device/testing/device-process";
import { enrolledDevice } from "@nethical/edge-device/testing/enrolled-device";
import { until } from "@nethical/edge-device/testing/until";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});


describe("nethical-edge start prints changes", () => {
  it("prints ONLINE and the new bundle when it syncs, and OFFLINE when the server goes away", async () => {
    const e = await enrolledDevice("printer-1", {
      network: { heartbeat_interval_ms: 50, degraded_rtt_ms: 500, offline_after_missed: 3, reconnect_base_ms: 20, reconnect_cap_ms: 300 },
    });
    cleanup.push(e.close);
    const { server, signer: s } = e;
    const device = await spawnDevice(e.configFile);
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
