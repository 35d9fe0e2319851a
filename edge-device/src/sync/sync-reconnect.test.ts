import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { defaultPolicy } from "@nethical/core";
import { dataPaths } from "../config.ts";
import { openDevice, type Device } from "../device.ts";
import { Uploader } from "../log/uploader.ts";
import { ReferenceServer } from "../testing/reference-server.ts";
import { tempDir, testConfig, testSigner } from "../testing/fixtures.ts";
import { ensureDeviceKey } from "./device-key.ts";
import { softwareAttestor } from "./attestor.ts";
import { WebSocketServer } from "ws";
import { MAX_SYNC_MESSAGE_BYTES, SyncClient } from "./sync-client.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function setup() {
  const s = await testSigner("acme");
  const server = new ReferenceServer("acme");
  await server.start();
  server.publish(await s.bundle(1));
  const { dir, remove } = tempDir();
  const config = testConfig(dir, s.trusted, {
    server_url: server.url,
    network: { heartbeat_interval_ms: 50, degraded_rtt_ms: 500, offline_after_missed: 3, reconnect_base_ms: 20, reconnect_cap_ms: 200 },
  });
  const key = await ensureDeviceKey(dataPaths(config).deviceKey, config.device_id);
  server.devices.set(config.device_id, key.publicKeyJwk);
  const device: Device = await openDevice(config);
  const sync = new SyncClient(device, { serverUrl: server.url, signer: key.signer, attestor: softwareAttestor(key.signer, key.publicKeyJwk), statusEveryMs: 100 });
  cleanup.push(remove, () => device.close(), () => server.stop(), () => sync.stop());
  return { s, server, device, sync, config };
}

describe("sync client: challenge-response, verified bundles, heartbeats, reconnect with resume", () => {
  it("authenticates, applies the snapshot, acks with mode and hash, and goes ONLINE", async () => {
    const { server, device, sync, config } = await setup();
    sync.start();
    await until(() => device.keeper.seq === 1 && server.fleet.get(config.device_id)?.seq === 1);
    await until(() => device.monitor.mode(Date.now()) === "ONLINE");
    const record = server.fleet.get(config.device_id);
    expect(record).toMatchObject({ seq: 1, hash: device.keeper.current?.bundle.hash });
    await until(() => server.fleet.get(config.device_id)?.mode === "ONLINE");
    expect(device.freshness.confirmedAt).toBeGreaterThan(0);
    expect(device.governor.evaluate({ agent_id: "a", action: "hello", action_type: "query" }).mode).toBe("ONLINE");
  });

  // @req SAFETY-S2
  it("applies pushed bundles, refuses tampered and rolled-back ones", async () => {
    const { s, server, device, sync } = await setup();
    sync.start();
    await until(() => device.keeper.seq === 1);
    server.publish(await s.bundle(2, { ...defaultPolicy(), name: "v2" }));
    await until(() => device.keeper.seq === 2);
    const b3 = await s.bundle(3);
    server.pushRaw({ ...b3, policy: { ...(b3.policy as object), rules: [] } });
    await until(() => sync.state.last_refusal !== null);
    expect(sync.state.last_refusal?.code).toBe("bad_signature");
    server.pushRaw(await s.bundle(1));
    await until(() => sync.state.last_refusal?.code === "stale_seq");
    expect(device.keeper.seq).toBe(2);
  });

  it("an unenrolled device is refused and stays OFFLINE", async () => {
    const { server, device, sync, config } = await setup();
    server.devices.delete(config.device_id);
    sync.start();
    await until(() => sync.state.last_error?.startsWith("unknown_device") === true);
    expect(device.monitor.mode(Date.now())).toBe("OFFLINE");
    expect(device.keeper.seq).toBe(0);
  });

  // @req SAFETY-S3
  it("server gone → OFFLINE; back → reconnects, resumes from its seq and gets what was published meanwhile", async () => {
    const { s, server, device, sync } = await setup();
    sync.start();
    await until(() => device.keeper.seq === 1 && device.monitor.mode(Date.now()) === "ONLINE");
    await server.stop();
    await until(() => device.monitor.mode(Date.now()) === "OFFLINE");
    server.active = await s.bundle(4);
    await server.start();
    await until(() => device.keeper.seq === 4 && device.monitor.mode(Date.now()) === "ONLINE");
    expect(sync.state.attempts).toBe(0);
  });

  it("uploads the log exactly once, even when a batch is retried", async () => {
    const { server, device, sync } = await setup();
    sync.start();
    await until(() => device.keeper.seq === 1);
    for (let i = 0; i < 25; i++) device.governor.evaluate({ agent_id: `a${i % 3}`, action: `step ${i}`, action_type: "actuation" });
    const uploader = new Uploader(device.log, { serverUrl: server.url, batchSize: 10 });
    // A lost answer: the first batch reaches the server but the device never hears back, so it resends.
    const firstBatch = device.log.pending(10);
    await fetch(`${server.url}/v2/audit/ingest`, { method: "POST", headers: { "content-type": "application/json" }, body: `{"events":[${firstBatch.map((e) => e.body).join(",")}]}` });
    expect(await uploader.drain()).toBe(25);
    expect(server.events.size).toBe(25);
    expect(server.duplicates).toBe(10);
    expect(device.log.pendingCount).toBe(0);
    await server.stop();
    device.governor.evaluate({ agent_id: "a0", action: "offline step", action_type: "actuation" });
    expect(await uploader.drain()).toBe(0);
    expect(device.log.pendingCount).toBe(1);
    expect(uploader.state.failures).toBe(1);
  });

  it("a frame over MAX_SYNC_MESSAGE_BYTES closes the socket (1009) and the client reconnects; the device stays as it was", async () => {
    const { device, config } = await setup();
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((r) => wss.once("listening", r));
    const closes: number[] = [];
    let connections = 0;
    wss.on("connection", (ws) => {
      connections++;
      ws.on("close", (code) => closes.push(code));
      ws.send(`{"type":"snapshot","pad":"${"x".repeat(MAX_SYNC_MESSAGE_BYTES)}"}`);
    });
    const port = (wss.address() as { port: number }).port;
    const key = await ensureDeviceKey(dataPaths(config).deviceKey, config.device_id);
    const sync = new SyncClient(device, { serverUrl: `http://127.0.0.1:${port}`, signer: key.signer });
    cleanup.push(() => new Promise<void>((r) => wss.close(() => r())), () => sync.stop());
    sync.start();
    await until(() => closes.length >= 2);
    expect(closes.slice(0, 2)).toEqual([1009, 1009]);
    expect(connections).toBeGreaterThanOrEqual(2);
    expect(device.keeper.seq).toBe(0);
    expect(sync.state.authenticated).toBe(false);
  });

  it("an opening handshake that never completes is given up after handshakeTimeoutMs and retried", async () => {
    const { device, config } = await setup();
    // Accepts the TCP connection and never answers the upgrade.
    const sockets: import("node:net").Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const port = (silent.address() as { port: number }).port;
    const key = await ensureDeviceKey(dataPaths(config).deviceKey, config.device_id);
    const sync = new SyncClient(device, { serverUrl: `http://127.0.0.1:${port}`, signer: key.signer, handshakeTimeoutMs: 100 });
    cleanup.push(() => new Promise<void>((r) => silent.close(() => r())), () => sockets.forEach((s) => s.destroy()), () => sync.stop());
    sync.start();
    await until(() => sockets.length >= 2);
    expect(sync.state.connected).toBe(false);
    expect(sync.state.attempts).toBeGreaterThanOrEqual(1);
    expect(sync.state.last_error).toBe("socket error");
  });
});
