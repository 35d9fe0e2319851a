/**
 * `GET /v2/sync` end to end in workerd: an enrolled device connects through the Worker to the hibernating
 * PolicyStore, signs the challenge, gets `ready` and a snapshot it verifies, then receives (and verifies) the
 * bundle of a policy published through the API; resume sends nothing it already has; heartbeats are
 * auto-answered; unknown devices, bad signatures and junk are refused.
 */
import { describe, expect, it } from "vitest";
import { generateSoftwareSigner, PING_TEXT, PONG_TEXT, verifyBundle } from "@nethical/core";
import { api, createTenant, killSwitchPolicy, ORIGIN, setPolicy } from "../testing/api.ts";
import { authenticate, connect, enrol, trustedKeys } from "../testing/sync-client.ts";
import { exports } from "cloudflare:workers";

describe("GET /v2/sync", { timeout: 30_000 }, () => {
  it("snapshot on connect, then a policy published through the API arrives and verifies", async () => {
    const { tenant, keys } = await createTenant("sync");
    const signer = await enrol(keys.operator, "robot-1");
    const trusted = await trustedKeys(keys.auditor);
    const client = await connect(tenant);
    expect(await authenticate(client, tenant, "robot-1", signer)).toEqual({ type: "ready", seq: 1 });
    const snapshot = await client.message();
    if (snapshot.type !== "snapshot") throw new Error("expected snapshot");
    const current = await verifyBundle(snapshot.bundle, trusted, { tenant });
    client.send({ type: "ack", seq: current.seq });

    await setPolicy(keys.operator, killSwitchPolicy());
    const pushed = await client.message();
    if (pushed.type !== "bundle") throw new Error(`expected bundle, got ${pushed.type}`);
    const next = await verifyBundle(pushed.bundle, trusted, { tenant, minSeq: current.seq, rejectEqualSeq: true });
    expect(next.seq).toBe(2);
    expect(next.policy.name).toBe("test-kill-switch");
    // A replay of the older bundle is refused by the device-side check.
    await expect(verifyBundle(snapshot.bundle, trusted, { tenant, minSeq: next.seq, rejectEqualSeq: true })).rejects.toThrow(/rollback refused/);

    client.ws.send(PING_TEXT);
    expect(await client.next()).toBe(PONG_TEXT);
    client.ws.close(1000, "done");
  });

  it("feeds the fleet view: connection, acknowledged seq, mode and bundle hash", async () => {
    const { tenant, keys } = await createTenant("sync-fleet");
    const signer = await enrol(keys.operator, "robot-f");
    const trusted = await trustedKeys(keys.auditor);
    const client = await connect(tenant);
    await authenticate(client, tenant, "robot-f", signer);
    const snapshot = await client.message();
    if (snapshot.type !== "snapshot") throw new Error("expected snapshot");
    const current = await verifyBundle(snapshot.bundle, trusted, { tenant });
    client.send({ type: "ack", seq: current.seq, mode: "DEGRADED", hash: current.hash });
    // Heartbeats are auto-answered without waking the object, so poll the view until the ack lands.
    let fleet: { devices: Record<string, unknown>[] } = { devices: [] };
    for (let i = 0; i < 80 && fleet.devices[0]?.seq !== current.seq; i++) {
      await new Promise((r) => setTimeout(r, 25));
      fleet = (await (await api("/v2/fleet", { key: keys.operator })).json()) as typeof fleet;
    }
    expect(fleet.devices).toEqual([
      expect.objectContaining({ device_id: "robot-f", connected: true, mode: "DEGRADED", seq: current.seq, hash: current.hash }),
    ]);
    client.ws.close(1000, "done");
  });

  it("resume: a device that already has the active seq gets ready and no snapshot", async () => {
    const { tenant, keys } = await createTenant("sync");
    const signer = await enrol(keys.operator, "robot-2");
    await setPolicy(keys.operator, killSwitchPolicy());
    const client = await connect(tenant);
    expect(await authenticate(client, tenant, "robot-2", signer, 2)).toEqual({ type: "ready", seq: 2 });
    client.ws.send(PING_TEXT);
    expect(await client.next()).toBe(PONG_TEXT); // the next frame is the pong: no snapshot was sent
  });

  it("refuses unknown devices, wrong signatures, junk and messages before authentication", async () => {
    const { tenant, keys } = await createTenant("sync");
    const enrolled = await enrol(keys.operator, "robot-3");
    const impostor = (await generateSoftwareSigner("robot-3")).signer;
    const a = await connect(tenant);
    expect(await authenticate(a, tenant, "robot-3", impostor)).toMatchObject({ type: "error", code: "bad_signature" });
    const b = await connect(tenant);
    expect(await authenticate(b, tenant, "never-enrolled", enrolled)).toMatchObject({ type: "error", code: "unknown_device" });
    const c = await connect(tenant);
    c.ws.send("not json");
    expect(await c.message()).toMatchObject({ type: "error", code: "bad_message" });
    c.send({ type: "ack", seq: 1 });
    expect(await c.message()).toMatchObject({ type: "error", code: "unauthenticated" });
  });

  it("is a WebSocket endpoint for existing tenants only", async () => {
    expect((await api("/v2/sync?tenant=acme")).status).toBe(422);
    const res = await exports.default.fetch(new Request(`${ORIGIN}/v2/sync?tenant=no-such-tenant-x`, { headers: { upgrade: "websocket" } }));
    expect(res.status).toBe(404);
  });
});
