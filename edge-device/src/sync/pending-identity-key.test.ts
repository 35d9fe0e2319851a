/**
 * The pending identity key of a rotation, with a software key file and with a key on a real SoftHSM2 token:
 * it is persisted before anything is sent and reused by a second run; promotion is an atomic rename after
 * which the identity key is the new one; a pending key equal to the current one is replaced; after
 * `key_retired` the device takes the key on disk, else promotes the pending key, else has nothing.
 */
import { existsSync, readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSoftHsmStore, type SoftHsmStore } from "@nethical/hsm/testing/softhsm";
import { generateSoftwareSigner } from "@nethical/core";
import { dataPaths } from "../config.ts";
import { tempDir, testConfig } from "../testing/fixtures.ts";
import { ensureIdentityKey, loadIdentityKey } from "./identity-key.ts";
import { discardPendingKey, ensurePendingKey, loadPendingKey, promotePendingKey, recoverFromRetiredKey, rotationPaths } from "./pending-identity-key.ts";
import { writeFileAtomic } from "./bundle-file.ts";

const PIN_ENV = "NETHICAL_TEST_ROTATION_PIN";
let store: SoftHsmStore;
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});
beforeAll(() => {
  store = createSoftHsmStore();
  store.useInThisProcess();
  process.env[PIN_ENV] = store.initToken("rotation-token").pin;
});
afterAll(() => {
  delete process.env[PIN_ENV];
  store?.remove();
});

function dir(): string {
  const t = tempDir();
  cleanup.push(t.remove);
  return t.dir;
}

describe("pending identity key (software file)", () => {
  it("is persisted, reused, promoted by rename, and then is the identity key", async () => {
    const config = testConfig(dir(), {});
    const current = await ensureIdentityKey(config);
    const first = await ensurePendingKey(config, current.publicKeyJwk);
    expect(first.created).toBe(true);
    expect(existsSync(rotationPaths(config).pendingKey)).toBe(true);
    const again = await ensurePendingKey(config, current.publicKeyJwk);
    expect(again).toMatchObject({ created: false, key: { publicKeyJwk: first.key.publicKeyJwk } });
    // Before promotion the identity key is still the old one.
    expect((await loadIdentityKey(config))?.publicKeyJwk).toEqual(current.publicKeyJwk);
    expect(promotePendingKey(config)).toBe(true);
    expect((await loadIdentityKey(config))?.publicKeyJwk).toEqual(first.key.publicKeyJwk);
    expect(existsSync(rotationPaths(config).pendingKey)).toBe(false);
    expect(promotePendingKey(config)).toBe(false);
    expect(readFileSync(dataPaths(config).deviceKey, "utf8")).toContain('"d"');
  });

  it("replaces a pending key equal to the current one (a crash after the swap), and discards on request", async () => {
    const config = testConfig(dir(), {});
    const current = await ensureIdentityKey(config);
    writeFileAtomic(rotationPaths(config).pendingKey, readFileSync(dataPaths(config).deviceKey, "utf8"), 0o600);
    const pending = await ensurePendingKey(config, current.publicKeyJwk);
    expect(pending.created).toBe(true);
    expect(pending.key.publicKeyJwk.x).not.toBe(current.publicKeyJwk.x);
    discardPendingKey(config);
    expect(await loadPendingKey(config)).toBeUndefined();
  });

  it("after key_retired: the key on disk if it changed, else the pending key promoted, else nothing", async () => {
    const config = testConfig(dir(), {});
    const inUse = await ensureIdentityKey(config);
    expect(await recoverFromRetiredKey(config, inUse.publicKeyJwk)).toBeUndefined();
    const pending = await ensurePendingKey(config, inUse.publicKeyJwk);
    const promoted = await recoverFromRetiredKey(config, inUse.publicKeyJwk);
    expect(promoted?.publicKeyJwk).toEqual(pending.key.publicKeyJwk);
    // A rotate-key run swapped the file while an old process still signs with the first key.
    const replaced = await generateSoftwareSigner("robot-7");
    writeFileAtomic(dataPaths(config).deviceKey, JSON.stringify(replaced.privateKeyJwk), 0o600);
    expect((await recoverFromRetiredKey(config, inUse.publicKeyJwk))?.publicKeyJwk).toEqual(replaced.publicKeyJwk);
  });
});

describe("pending identity key (PKCS#11, SoftHSM2)", () => {
  it("is a new key on the token under a fresh label; promotion moves the label file; the old key stays on the token", async () => {
    const config = testConfig(dir(), {}, { identity: { pkcs11: { module: store.module, token: "rotation-token", key: "robot-7-id", pin_env: PIN_ENV } } });
    const current = await ensureIdentityKey(config);
    const pending = await ensurePendingKey(config, current.publicKeyJwk);
    expect(pending.created).toBe(true);
    expect(pending.key.source).toBe("pkcs11");
    const label = readFileSync(rotationPaths(config).pendingTokenLabel, "utf8");
    expect(label).toMatch(/^robot-7-id\.r\d+$/);
    expect(existsSync(rotationPaths(config).pendingKey)).toBe(false); // nothing private on disk
    const reused = await ensurePendingKey(config, current.publicKeyJwk);
    expect(reused).toMatchObject({ created: false, key: { publicKeyJwk: pending.key.publicKeyJwk } });
    reused.key.close();
    expect(promotePendingKey(config)).toBe(true);
    expect(readFileSync(rotationPaths(config).tokenLabel, "utf8")).toBe(label);
    const now = await loadIdentityKey(config);
    expect(now?.publicKeyJwk).toEqual(pending.key.publicKeyJwk);
    const signature = await now!.signer.sign(new TextEncoder().encode("hello"));
    expect(signature).toHaveLength(64);
    for (const k of [current, pending.key, now!]) k.close();
  });
});
