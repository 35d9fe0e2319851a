/**
 * Partition, with real processes: the device runs as its own Node process (`nethical-edge start`), the
 * server goes away, the device keeps deciding OFFLINE, a new policy is published meanwhile, the server
 * comes back: every offline decision arrives exactly once and the new policy is applied.
 */
import { afterAll, describe, expect, it } from "vitest";
import { defaultPolicy } from "@nethical/core";
import { spawnDevice, type DeviceProcess } from "@nethical/edge-device/testing/device-process";
import { enrolledDevice } from "@nethical/edge-device/testing/enrolled-device";
import { until } from "@nethical/edge-device/testing/until";

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});


describe("partition: offline decisions arrive exactly once, a policy pushed meanwhile is applied", () => {
  // @req REQ-DEVICE-OFFLINE-NO-LOSS
  it("works with the device as a separate process", async () => {
    const e = await enrolledDevice("rover-1", {
      network: { heartbeat_interval_ms: 50, degraded_rtt_ms: 500, offline_after_missed: 3, reconnect_base_ms: 20, reconnect_cap_ms: 300 },
      upload: { batch_size: 7, interval_ms: 50 },
    });
    cleanup.push(e.close);
    const { server, signer: s } = e;
    const device: DeviceProcess = await spawnDevice(e.configFile);
    cleanup.push(() => device.kill());
    const status = async () => (await (await fetch(`${device.url}/status`)).json()) as any;
    const decide = async (id: string) => {
      const res = await fetch(`${device.url}/v2/evaluate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ agent_id: `agent-${id.length % 3}`, action: `move to waypoint ${id}`, action_type: "actuation", request_id: id }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as any;
    };

    await until(status, (st) => st.bundle.seq === 1 && st.mode === "ONLINE");
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(`on-${i}`);
      expect((await decide(`on-${i}`)).mode).toBe("ONLINE");
    }
    await until(status, (st) => st.log.pending === 0);

    await server.stop();
    await until(status, (st) => st.mode === "OFFLINE");
    for (let i = 0; i < 40; i++) {
      ids.push(`off-${i}`);
      const d = await decide(`off-${i}`);
      expect(d.mode).toBe("OFFLINE");
      expect(d.bundle.seq).toBe(1);
    }
    expect((await status()).log.pending).toBe(40);
    server.active = await s.bundle(2, { ...defaultPolicy(), name: "published-during-partition" });

    await server.start();
    const after = await until(status, (st) => st.log.pending === 0 && st.bundle.seq === 2 && st.mode === "ONLINE");
    expect(after.upload.uploaded).toBe(60);
    expect(server.events.size).toBe(60);
    const received = [...server.events.values()].map((e: any) => e.decision_id).sort();
    expect(received).toEqual([...ids].sort());
    expect((await decide("back-1")).bundle.seq).toBe(2);
    expect(server.fleet.get("rover-1")).toMatchObject({ seq: 2, mode: "ONLINE" });
  }, 60_000);
});
