/**
 * Policy key rotation in workerd with real KV, on a chain of its own (a unique POLICY_SIGNING_KEY_ID, so no
 * other test's key set changes): publish → activate → revoke, each step accepted by verifyKeySetUpdate as a
 * device would; signing follows the active key; after revocation a bundle signed by the old key — valid
 * signature — is refused `revoked_key` by the Worker's verify path; illegal steps and forged updates refused.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BundleVerificationError, createBundle, defaultPolicy, generateSoftwareSigner, KEY_SET_DOMAIN, signBundle, signKeySet, verifyBundleWithKeySet, verifyKeySetUpdate, type UnsignedKeySet } from "@nethical/core";
import { activateKey, publishKey, revokeKey, submitKeySet } from "./key-rotation.ts";
import { keySetChain, keySetsAfter } from "./key-set-store.ts";
import { policyKeySet, policySigner, rootPolicySigner, trustedPolicyKeys, type SigningKeyEnv } from "./signing-keys.ts";

const chainEnv = (): SigningKeyEnv => ({ POLICY_KV: env.POLICY_KV, BOOTSTRAP_ADMIN_KEY: env.BOOTSTRAP_ADMIN_KEY, ENVIRONMENT: "development", POLICY_SIGNING_KEY_ID: `rot-${crypto.randomUUID().slice(0, 8)}` });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "accepted";
  } catch (error) {
    return error instanceof BundleVerificationError ? error.code : `other: ${String(error)}`;
  }
}

describe("policy key rotation (workerd, KV)", { timeout: 30_000 }, () => {
  it("publish → activate → revoke: devices can follow every step; the revoked key's bundles are refused", async () => {
    const e = chainEnv();
    const oldId = e.POLICY_SIGNING_KEY_ID as string;
    const v1 = await policyKeySet(e);
    expect(v1.version).toBe(1);
    expect(v1.keys.map((k) => [k.key_id, k.status])).toEqual([[oldId, "active"]]);
    const oldSigner = await rootPolicySigner(e);
    const before = await signBundle(await createBundle("acme", 2, defaultPolicy()), oldSigner);

    const published = await publishKey(e, { key_id: "policy-next", generate: true }, new Date());
    expect(published.ok).toBe(true);
    const v2 = (await policyKeySet(e));
    expect(v2.version).toBe(2);
    expect(v2.key_id).toBe(oldId); // signed by the old key
    expect((await policySigner(e)).keyId).toBe(oldId); // still signing with the old key
    expect((await verifyKeySetUpdate(v1, v2, new Date())).version).toBe(2);

    expect((await activateKey(e, "policy-next", new Date())).ok).toBe(true);
    const v3 = await policyKeySet(e);
    expect(v3.keys.map((k) => [k.key_id, k.status])).toEqual([[oldId, "retired"], ["policy-next", "active"]]);
    expect((await verifyKeySetUpdate(v2, v3, new Date())).version).toBe(3);
    const newSigner = await policySigner(e);
    expect(newSigner.keyId).toBe("policy-next");
    const after = await signBundle(await createBundle("acme", 3, defaultPolicy()), newSigner);
    expect(await codeOf(verifyBundleWithKeySet(before, v3, { tenant: "acme" }))).toBe("accepted"); // retired still verifies
    expect(await codeOf(verifyBundleWithKeySet(after, v3, { tenant: "acme" }))).toBe("accepted");

    const revoked = await revokeKey(e, oldId, "scheduled rotation", new Date());
    expect(revoked.ok).toBe(true);
    const v4 = await policyKeySet(e);
    expect((await verifyKeySetUpdate(v3, v4, new Date())).version).toBe(4);
    expect(await codeOf(verifyBundleWithKeySet(before, v4, { tenant: "acme" }))).toBe("revoked_key");
    const freshByOld = await signBundle(await createBundle("acme", 9, defaultPolicy()), oldSigner);
    expect(await codeOf(verifyBundleWithKeySet(freshByOld, v4, { tenant: "acme" }))).toBe("revoked_key");
    expect(await codeOf(verifyBundleWithKeySet(after, v4, { tenant: "acme" }))).toBe("accepted");
    expect(Object.keys(await trustedPolicyKeys(e))).toEqual(["policy-next"]);
    // The chain a device that holds version 1 is sent, in order.
    expect((await keySetsAfter(env.POLICY_KV, keySetChain(e), 1)).map((s) => s.version)).toEqual([2, 3, 4]);
  });

  it("refuses illegal steps: re-used id, activating a non-published key, revoking the active key, twice", async () => {
    const e = chainEnv();
    const root = e.POLICY_SIGNING_KEY_ID as string;
    expect(await publishKey(e, { key_id: root, generate: true }, new Date())).toMatchObject({ ok: false, code: "conflict" });
    expect(await activateKey(e, "nope", new Date())).toMatchObject({ ok: false, code: "not_found" });
    expect(await activateKey(e, root, new Date())).toMatchObject({ ok: false, code: "conflict" });
    expect(await revokeKey(e, root, "x", new Date())).toMatchObject({ ok: false, code: "conflict" });
    const { privateKeyJwk } = await generateSoftwareSigner("k");
    expect(await publishKey(e, { key_id: "leak", jwk: privateKeyJwk }, new Date())).toMatchObject({ ok: false, code: "invalid" });
    expect(await publishKey({ ...e, ENVIRONMENT: "production" }, { key_id: "gen", generate: true }, new Date())).toMatchObject({ ok: false, code: "invalid" });
    // A published key whose private half the Worker lacks cannot be activated (misconfigured, not silently).
    const offline = await generateSoftwareSigner("offline-key");
    expect((await publishKey(e, { key_id: "offline-key", jwk: offline.publicKeyJwk }, new Date())).ok).toBe(true);
    await expect(activateKey(e, "offline-key", new Date())).rejects.toThrow(/POLICY_SIGNING_KEYS/);
    // …until POLICY_SIGNING_KEYS holds it.
    const withSecret = { ...e, POLICY_SIGNING_KEYS: JSON.stringify({ "offline-key": offline.privateKeyJwk }) };
    expect((await activateKey(withSecret, "offline-key", new Date())).ok).toBe(true);
    expect((await policySigner(withSecret)).keyId).toBe("offline-key");
    expect((await revokeKey(withSecret, root, "rotated", new Date())).ok).toBe(true);
    expect(await revokeKey(withSecret, root, "again", new Date())).toMatchObject({ ok: false, code: "conflict" });
  });

  it("an offline-signed update is installed; forged, revoked-key-signed and stale ones are refused with their codes", async () => {
    const e = chainEnv();
    const v1 = await policyKeySet(e);
    const rogue = await generateSoftwareSigner("rogue");
    const body = (version: number, keys = v1.keys): UnsignedKeySet => ({ domain: KEY_SET_DOMAIN, version, issued_at: new Date().toISOString(), keys: [...keys] });
    const forged = await signKeySet(body(2, [...v1.keys, { key_id: "rogue", jwk: rogue.publicKeyJwk as UnsignedKeySet["keys"][number]["jwk"], status: "published", not_before: new Date().toISOString() }]), rogue.signer);
    expect(await submitKeySet(e, forged, new Date())).toMatchObject({ ok: false, code: "unknown_key" });
    expect(await submitKeySet(e, { ...forged, key_id: v1.key_id }, new Date())).toMatchObject({ ok: false, code: "bad_signature" });
    expect(await submitKeySet(e, v1, new Date())).toMatchObject({ ok: false, code: "stale_version" });
    // Offline: sign version 2 with the root key (as `nethical keys keyset-sign` would, e.g. through PKCS#11).
    const offline = await signKeySet(body(2), await rootPolicySigner(e));
    expect(await submitKeySet(e, offline, new Date())).toMatchObject({ ok: true });
    expect((await policyKeySet(e)).version).toBe(2);
  });
});
