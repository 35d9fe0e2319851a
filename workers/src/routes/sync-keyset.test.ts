/**
 * `/v2/sync` and the policy key set in workerd: after `ready` a device that holds an older key-set version
 * gets every newer signed version before its snapshot (each verifies as the next one after the device's pinned
 * set), its `keyset_ack` lands in the fleet view, and a device that says it holds the current version gets none.
 */
import { describe, expect, it } from "vitest";
import { pinnedKeySet, signDeviceChallenge, verifyBundleWithKeySet, verifyKeySetUpdate, type KeySet } from "@nethical/core";
import { api, createTenant } from "../testing/api.ts";
import { authenticate, connect, enrol, trustedKeys } from "../testing/sync-client.ts";

describe("GET /v2/sync: policy key sets", { timeout: 30_000 }, () => {
  it("sends the key sets the device lacks before the snapshot; keyset_ack reaches the fleet view", async () => {
    const { tenant, keys } = await createTenant("sync-ks");
    const signer = await enrol(keys.operator, "robot-k");
    const published = (await (await api("/v2/policies/keys", { key: keys.auditor })).json()) as { version: number };
    let held: KeySet = pinnedKeySet(await trustedKeys(keys.auditor));
    const client = await connect(tenant);
    await authenticate(client, tenant, "robot-k", signer);
    const snapshot = await client.message(); // key sets before it are set aside in client.keysets, in order
    if (snapshot.type !== "snapshot") throw new Error("expected snapshot");
    expect(client.keysets.map((k) => k.version)).toEqual(Array.from({ length: published.version }, (_, i) => i + 1));
    for (const next of client.keysets) held = await verifyKeySetUpdate(held, next, new Date());
    expect((await verifyBundleWithKeySet(snapshot.bundle, held, { tenant })).seq).toBe(snapshot.bundle.seq);
    client.send({ type: "keyset_ack", version: held.version });
    let fleet: { devices: { keyset_version?: number }[] } = { devices: [] };
    for (let i = 0; i < 80 && fleet.devices[0]?.keyset_version !== held.version; i++) {
      await new Promise((r) => setTimeout(r, 25));
      fleet = (await (await api("/v2/fleet", { key: keys.operator })).json()) as typeof fleet;
    }
    expect(fleet.devices[0]?.keyset_version).toBe(published.version);
    client.ws.close(1000, "done");

    const again = await connect(tenant);
    again.send({ type: "hello", device_id: "robot-k", have_seq: snapshot.bundle.seq, have_keyset_version: published.version });
    const challenge = await again.message();
    if (challenge.type !== "challenge") throw new Error("expected challenge");
    again.send({ type: "auth", signature: await signDeviceChallenge(signer, { tenant, device_id: "robot-k", nonce: challenge.nonce }) });
    expect(await again.message()).toMatchObject({ type: "ready" });
    again.send({ type: "ping" });
    expect(await again.next()).toBe('{"type":"pong"}');
    expect(again.keysets).toEqual([]);
    again.ws.close(1000, "done");
  });
});
