/**
 * Policy key rotation end to end with real processes: the Worker under `wrangler dev` (workerd, the
 * PolicyStore Durable Object, KV) and the device as its own Node process on the real `/v2/sync`.
 *
 *   publish a new key (signed by the old one) → the device receives and installs key set v2
 *   → switch signing → the device installs v3 and the next bundle, signed by the new key
 *   → revoke the old key → v4 on the device
 *   → a bundle signed directly with the old (revoked) private key — a valid signature — is refused
 *     `revoked_key` by the Worker (POST /v2/policies/bundles → PolicyStore) and by the device (dropped as its
 *     bundle.json; the device restarts on the rotated key set persisted in its SQLite and refuses it).
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBundle, signBundle, softwareSignerFromPkcs8, type PolicyDocument, type Signer } from "@nethical/core";
import { dataPaths, parseDeviceConfig } from "../config.ts";
import { spawnDevice } from "../testing/device-process.ts";
import { until } from "../testing/until.ts";
import { startWorkerDeviceStack, type WorkerDeviceStack } from "../testing/worker-device-stack.ts";

let stack: WorkerDeviceStack;
beforeAll(async () => {
  stack = await startWorkerDeviceStack("keyrot");
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

/** The development root key the Worker derives from the bootstrap secret (durable-objects/src/policy/signing-keys.ts). */
async function developmentRootSigner(bootstrap: string): Promise<Signer> {
  const prefix = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
  const seed = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`nethical-dev-policy-signing-key\n${bootstrap}`)));
  return softwareSignerFromPkcs8("policy-dev", new Uint8Array([...prefix, ...seed]));
}

const ask = { agent_id: "arm-1", action: "read the weather forecast", action_type: "query" };

describe("policy key rotation with wrangler dev and a device process", () => {
  it("the device and the Worker keep verifying across the switch; the revoked key's bundle is refused by both", async () => {
    const { call, keys, bootstrap, status, tenant, worker } = stack;
    const before = await call("/v2/policies/keys", keys.operator);
    expect(before.version).toBe(1);
    expect(before.key_set.keys.map((k: { key_id: string; status: string }) => [k.key_id, k.status])).toEqual([["policy-dev", "active"]]);
    expect(before.keys.map((k: { key_id: string }) => k.key_id)).toEqual(["policy-dev"]); // legacy readers unchanged
    await until(status, (s) => s.keyset.version === 1, 15_000); // the device moved from its pinned v0 on connect

    // 1. Publish: signed by the old key, pushed to the connected device at once.
    const published = await call("/v2/policies/keys", bootstrap, { key_id: "policy-next", generate: true });
    expect(published.keyset).toMatchObject({ version: 2, key_id: "policy-dev" });
    expect(published.pushed.devices).toBeGreaterThanOrEqual(1);
    await until(status, (s) => s.keyset.version === 2, 15_000);
    expect((await stack.evaluateOnDevice(ask)).decision).toBe("ALLOW");

    // 2. Switch signing; the next bundle is signed by the new key and installed on the device.
    const activated = await call("/v2/policies/keys/policy-next/activate", bootstrap, {});
    expect(activated.keyset).toMatchObject({ version: 3, key_id: "policy-next" });
    // The tenant's active bundle was signed by the now retired key: re-issued at once, signed by the new key.
    expect(activated.pushed.reissued).toBeGreaterThanOrEqual(1);
    const reissued = await call("/v2/policies/active", keys.operator);
    expect(reissued.key_id).toBe("policy-next");
    await until(status, (s) => s.bundle.seq === reissued.seq, 15_000);
    await until(status, (s) => s.keyset.version === 3, 15_000);
    const current = await call("/v2/policies/active?include=policy", keys.operator);
    const next = await call("/v2/policies/active", keys.operator, { ...current.policy, name: `${current.policy.name}-rotated` }, "PUT");
    expect(next.key_id).toBe("policy-next");
    const installed = await until(status, (s) => s.bundle.seq === next.seq, 15_000);
    expect(installed.bundle.hash).toBe(next.hash);
    expect((await stack.evaluateAtWorker(ask)).decision).toBe("ALLOW");
    expect((await stack.evaluateOnDevice(ask)).decision).toBe("ALLOW");

    // 3. Revoke the old key.
    const revoked = await call("/v2/policies/keys/policy-dev/revoke", bootstrap, { reason: "scheduled rotation (e2e)" });
    expect(revoked.keyset).toMatchObject({ version: 4, key_id: "policy-next" });
    await until(status, (s) => s.keyset.version === 4, 15_000);
    const after = await call("/v2/policies/keys", keys.auditor);
    expect(after.keys.map((k: { key_id: string }) => k.key_id)).toEqual(["policy-next"]);
    expect(after.key_set.keys.find((k: { key_id: string }) => k.key_id === "policy-dev")).toMatchObject({ status: "revoked", revocation_reason: "scheduled rotation (e2e)" });
    const fleet = await call("/v2/fleet", keys.operator);
    expect(JSON.stringify(fleet)).toContain('"keyset_version":4');

    // A bundle signed with the revoked private key: valid signature, refused.
    const forged = await signBundle(await createBundle(tenant, next.seq + 1, { ...(current.policy as PolicyDocument), name: "forged" }), await developmentRootSigner(bootstrap));
    const atWorker = await fetch(`${worker.url}/v2/policies/bundles`, { method: "POST", headers: { authorization: `Bearer ${keys.operator}`, "content-type": "application/json" }, body: JSON.stringify(forged) });
    expect(atWorker.status).toBe(422);
    expect(await atWorker.json()).toMatchObject({ code: "revoked_key" });

    // On the device: the forged bundle dropped as its bundle.json; restarted without a server it refuses it
    // with the rotated key set it kept in SQLite (version 4), so it runs no policy rather than the forged one.
    await stack.stopDevice();
    const config = parseDeviceConfig(JSON.parse(readFileSync(stack.configFile, "utf8")));
    const bundleFile = dataPaths(config).bundle;
    copyFileSync(bundleFile, `${bundleFile}.good`);
    writeFileSync(bundleFile, JSON.stringify(forged));
    const offlineConfig = join(config.data_dir, "..", "device-offline.json");
    const { server_url: _server, ...withoutServer } = JSON.parse(readFileSync(stack.configFile, "utf8"));
    writeFileSync(offlineConfig, JSON.stringify(withoutServer));
    const offline = await spawnDevice(offlineConfig);
    try {
      expect(offline.ready.bundle_seq).toBe(0);
      const s = (await (await fetch(`${offline.url}/status`)).json()) as any;
      expect(s.keyset.version).toBe(4);
      expect(s.bundle_refusal.code).toBe("revoked_key");
    } finally {
      await offline.kill("SIGTERM");
    }
    // Back with its good bundle and the server: on the new key, version 4.
    copyFileSync(`${bundleFile}.good`, bundleFile);
    await stack.startDevice();
    const back = await until(status, (s) => s.bundle.seq === next.seq && s.keyset.version === 4 && s.sync?.authenticated === true, 15_000);
    expect(back.bundle.hash).toBe(next.hash);
  }, 120_000);
});
