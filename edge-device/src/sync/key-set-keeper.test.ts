/**
 * The device's key set: pinned trusted_keys as version 0, a signed update installed and kept across a
 * restart (same SQLite file), a forged or revoked-key-signed update refused with its code and nothing
 * installed, and the keepers verifying against it: a bundle or control signed by a revoked key is refused
 * `revoked_key` although its signature is valid.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createBundle, defaultPolicy, FLEET_CONTROL_DOMAIN, generateSoftwareSigner, KEY_SET_DOMAIN, signBundle, signFleetControl, signKeySet, type KeySetKey, type UnsignedKeySet } from "@nethical/core";
import { openDeviceDb } from "../log/device-db.ts";
import { tempDir } from "../testing/fixtures.ts";
import { BundleKeeper } from "./bundle-keeper.ts";
import { ControlKeeper } from "./control-keeper.ts";
import { KeySetKeeper } from "./key-set-keeper.ts";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

const oldKey = await generateSoftwareSigner("policy-old");
const newKey = await generateSoftwareSigner("policy-new");
const rogue = await generateSoftwareSigner("policy-rogue");
const T0 = "2026-01-01T00:00:00.000Z";
const key = (id: string, jwk: JsonWebKey, status: KeySetKey["status"], extra: Partial<KeySetKey> = {}): KeySetKey => ({ key_id: id, jwk: jwk as KeySetKey["jwk"], status, not_before: T0, ...extra });
const body = (version: number, keys: KeySetKey[]): UnsignedKeySet => ({ domain: KEY_SET_DOMAIN, version, issued_at: new Date().toISOString(), keys });
const revokedOld = key("policy-old", oldKey.publicKeyJwk, "revoked", { revoked_at: new Date().toISOString(), revocation_reason: "rotated" });

function open() {
  const { dir, remove } = tempDir();
  const file = join(dir, "device.db");
  const dbs: ReturnType<typeof openDeviceDb>[] = [];
  cleanup.push(() => {
    for (const db of dbs) db.close();
    remove();
  });
  return (): { keySets: KeySetKeeper; db: ReturnType<typeof openDeviceDb>; dir: string } => {
    const db = openDeviceDb(file);
    dbs.push(db);
    return { keySets: new KeySetKeeper(db, { "policy-old": oldKey.publicKeyJwk }), db, dir };
  };
}

describe("KeySetKeeper", () => {
  it("pins trusted_keys as version 0, installs signed updates in order and keeps them across a restart", async () => {
    const reopen = open();
    const { keySets } = reopen();
    expect(keySets.version).toBe(0);
    const v1 = await signKeySet(body(1, [key("policy-old", oldKey.publicKeyJwk, "active")]), oldKey.signer);
    const v2 = await signKeySet(body(2, [key("policy-old", oldKey.publicKeyJwk, "active"), key("policy-new", newKey.publicKeyJwk, "published")]), oldKey.signer);
    const v3 = await signKeySet(body(3, [key("policy-old", oldKey.publicKeyJwk, "retired"), key("policy-new", newKey.publicKeyJwk, "active")]), newKey.signer);
    expect(await keySets.offer(v1)).toEqual({ status: "installed", version: 1 });
    expect(await keySets.offer(v3)).toMatchObject({ status: "refused", code: "version_gap" });
    expect(await keySets.offer(v2)).toEqual({ status: "installed", version: 2 });
    expect(await keySets.offer(v3)).toEqual({ status: "installed", version: 3 });
    const restarted = reopen().keySets;
    expect(restarted.version).toBe(3);
    expect(restarted.current.keys.map((k) => k.status)).toEqual(["retired", "active"]);
  });

  it("refuses forged updates with distinct codes and installs nothing", async () => {
    const { keySets } = open()();
    const byRogue = await signKeySet(body(1, [key("policy-rogue", rogue.publicKeyJwk, "active")]), rogue.signer);
    expect(await keySets.offer(byRogue)).toMatchObject({ status: "refused", code: "unknown_key" });
    expect(await keySets.offer({ ...byRogue, key_id: "policy-old" })).toMatchObject({ status: "refused", code: "bad_signature" });
    expect(await keySets.offer({ junk: true })).toMatchObject({ status: "refused", code: "malformed" });
    expect(keySets.version).toBe(0);
    expect(keySets.lastRefusal?.code).toBe("malformed");
    // After the old key is revoked, an update it signs is refused revoked_key.
    const v1 = await signKeySet(body(1, [revokedOld, key("policy-new", newKey.publicKeyJwk, "active")]), oldKey.signer);
    expect(await keySets.offer(v1)).toEqual({ status: "installed", version: 1 });
    const byRevoked = await signKeySet(body(2, [revokedOld, key("policy-new", newKey.publicKeyJwk, "active"), key("policy-rogue", rogue.publicKeyJwk, "published")]), oldKey.signer);
    expect(await keySets.offer(byRevoked)).toMatchObject({ status: "refused", code: "revoked_key" });
    expect(keySets.version).toBe(1);
  });

  it("BundleKeeper and ControlKeeper refuse what a revoked key signs and accept the new key's", async () => {
    const { keySets, db, dir } = open()();
    await keySets.offer(await signKeySet(body(1, [revokedOld, key("policy-new", newKey.publicKeyJwk, "active")]), oldKey.signer));
    const keeper = new BundleKeeper(db, join(dir, "bundle.json"), "acme", keySets);
    expect(await keeper.offer(await signBundle(await createBundle("acme", 2, defaultPolicy()), oldKey.signer))).toMatchObject({ status: "refused", code: "revoked_key" });
    expect(await keeper.offer(await signBundle(await createBundle("acme", 2, defaultPolicy()), newKey.signer))).toMatchObject({ status: "accepted", seq: 2 });
    const controls = new ControlKeeper(db, "acme", keySets, { agentRow: () => { throw new Error("unused"); }, rememberAgentRow: () => undefined, saveAgentRow: () => undefined });
    const control = { domain: FLEET_CONTROL_DOMAIN as typeof FLEET_CONTROL_DOMAIN, tenant: "acme", seq: 1, kind: "estop.engage" as const, reason: "drill", actor_key_id: "k", issued_at: new Date().toISOString() };
    expect(await controls.offer(await signFleetControl(control, oldKey.signer))).toMatchObject({ status: "refused", code: "revoked_key" });
    expect(await controls.offer(await signFleetControl(control, newKey.signer))).toMatchObject({ status: "applied", seq: 1 });
  });
});
