/**
 * An online device (syncing its policy over the WebSocket, uploading its log, answering over the local API)
 * never loads undici, Node's fetch and WebSocket: loading and using it costs ~16 MB of RSS, a quarter of
 * the 64 MB budget (README "Memory and start-up"). The device runs as it ships (the one-file build, its own
 * process; run from the TypeScript source, Node's ES module facade of `node:http` loads undici at import,
 * which the build's stand-ins avoid); a preload module writes the built-in modules it loaded
 * (`process.moduleLoadList`) when it exits.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildDevice } from "@nethical/edge-device/scripts/build";
import { spawnDevice } from "@nethical/edge-device/testing/device-process";
import { enrolledDevice } from "@nethical/edge-device/testing/enrolled-device";
import { until } from "@nethical/edge-device/testing/until";

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

describe("an online device does not load undici", () => {
  it("syncs, answers and uploads through ws and node:http only", async () => {
    const e = await enrolledDevice("rover-u", {
      network: { heartbeat_interval_ms: 50, degraded_rtt_ms: 500, offline_after_missed: 3, reconnect_base_ms: 20, reconnect_cap_ms: 300 },
      upload: { batch_size: 5, interval_ms: 50 },
    });
    cleanup.push(e.close);
    const { dir, server } = e;
    const modulesOut = join(dir, "modules.json");
    const preload = join(dir, "report-modules.mjs");
    writeFileSync(
      preload,
      `process.on("exit", () => process.getBuiltinModule("node:fs").writeFileSync(${JSON.stringify(modulesOut)}, JSON.stringify(process.moduleLoadList)));\n`,
    );
    const entry = await buildDevice(join(dir, "build", "nethical-edge.mjs"));
    const device = await spawnDevice(e.configFile, 20_000, entry, { nodeArgs: ["--import", preload] });
    cleanup.push(() => device.kill());
    const status = async () => (await (await fetch(`${device.url}/status`)).json()) as any;

    await until(status, (st) => st.bundle.seq === 1 && st.mode === "ONLINE");
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${device.url}/v2/evaluate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ agent_id: "agent-1", action: `move to waypoint ${i}`, action_type: "actuation", request_id: `u-${i}` }),
      });
      expect(res.status).toBe(200);
    }
    const after = await until(status, (st) => st.log.pending === 0);
    expect(after.upload.uploaded).toBe(12);
    expect(server.events.size).toBe(12);
    await device.kill("SIGTERM");

    const loaded = JSON.parse(readFileSync(modulesOut, "utf8")) as string[];
    expect(loaded).toContain("NativeModule https"); // the ws client and the uploader ran
    expect(loaded.filter((m) => m.includes("undici"))).toEqual([]);
  });
});
