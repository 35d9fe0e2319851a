/**
 * Key sets: a rotation chain (publish → switch → revoke) accepted step by step; forged, replayed, skipped and
 * illegal updates refused with their own codes; bundles and fleet controls verified against a set at a time,
 * each unusable key refused with its own code — a bundle signed by a revoked key even though its signature is valid.
 */
import { describe, expect, it } from "vitest";
import { FLEET_CONTROL_DOMAIN, signFleetControl, FleetControlError } from "../sync/fleet-control.ts";
import { verifyFleetControlWithKeySet } from "../sync/fleet-control-key-set.ts";
import { policyContentHash, signBundle } from "./bundle-signing.ts";
import { BundleVerificationError } from "./bundle-verification.ts";
import { KEY_SET_DOMAIN, KeySetError, keyUsability, pinnedKeySet, signKeySet, usableKeys, verifyKeySetUpdate, verifySelfSignedKeySet, type KeySet, type KeySetKey, type SignedKeySet, type UnsignedKeySet } from "./key-set.ts";
import { verifyBundleWithKeySet } from "./key-set-verification.ts";
import { generateSoftwareSigner } from "./software-signer.ts";

const oldKey = await generateSoftwareSigner("policy-2026-01");
const newKey = await generateSoftwareSigner("policy-2026-07");
const rogue = await generateSoftwareSigner("policy-rogue");
const T0 = "2026-01-01T00:00:00.000Z";
const now = new Date("2026-06-01T00:00:00.000Z");
const policy = { version: 1, name: "acme", default: { decision: "ALLOW" }, rules: [] };

function key(id: string, jwk: JsonWebKey, status: KeySetKey["status"], extra: Partial<KeySetKey> = {}): KeySetKey {
  return { key_id: id, jwk: jwk as KeySetKey["jwk"], status, not_before: T0, ...extra };
}
function body(version: number, keys: KeySetKey[]): UnsignedKeySet {
  return { domain: KEY_SET_DOMAIN, version, issued_at: now.toISOString(), keys };
}
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "accepted";
  } catch (error) {
    if (error instanceof KeySetError || error instanceof BundleVerificationError || error instanceof FleetControlError) return error.code;
    throw error;
  }
}
async function bundleBy(signer: typeof oldKey.signer, seq = 3) {
  return signBundle({ tenant: "acme", seq, hash: await policyContentHash(policy), policy }, signer);
}

const v1 = await signKeySet(body(1, [key("policy-2026-01", oldKey.publicKeyJwk, "active")]), oldKey.signer);
const revokedOld = key("policy-2026-01", oldKey.publicKeyJwk, "revoked", { revoked_at: now.toISOString(), revocation_reason: "scheduled rotation" });

describe("key-set updates", () => {
  it("accepts publish → switch → revoke, each signed by a key trusted in the version before", async () => {
    expect((await verifySelfSignedKeySet(JSON.parse(JSON.stringify(v1)))).version).toBe(1);
    const v2 = await signKeySet(body(2, [key("policy-2026-01", oldKey.publicKeyJwk, "active"), key("policy-2026-07", newKey.publicKeyJwk, "published")]), oldKey.signer);
    expect(await verifyKeySetUpdate(v1, JSON.parse(JSON.stringify(v2)), now)).toEqual(v2);
    const v3 = await signKeySet(body(3, [key("policy-2026-01", oldKey.publicKeyJwk, "retired"), key("policy-2026-07", newKey.publicKeyJwk, "active")]), newKey.signer);
    expect((await verifyKeySetUpdate(v2, v3, now)).version).toBe(3);
    const v4 = await signKeySet(body(4, [revokedOld, key("policy-2026-07", newKey.publicKeyJwk, "active")]), newKey.signer);
    expect((await verifyKeySetUpdate(v3, v4, now)).version).toBe(4);
  });

  it("accepts the first signed set after a device's pinned version 0", async () => {
    const pinned = pinnedKeySet({ "policy-2026-01": oldKey.publicKeyJwk });
    expect(pinned.version).toBe(0);
    expect((await verifyKeySetUpdate(pinned, v1, now)).version).toBe(1);
  });

  it("refuses an update signed by an unknown key (unknown_key) or a forged one (bad_signature)", async () => {
    const forged = await signKeySet(body(2, [key("policy-2026-01", oldKey.publicKeyJwk, "active"), key("policy-rogue", rogue.publicKeyJwk, "published")]), rogue.signer);
    expect(await codeOf(verifyKeySetUpdate(v1, forged, now))).toBe("unknown_key");
    const impersonated = { ...forged, key_id: "policy-2026-01" };
    expect(await codeOf(verifyKeySetUpdate(v1, impersonated, now))).toBe("bad_signature");
    const v2 = await signKeySet(body(2, [key("policy-2026-01", oldKey.publicKeyJwk, "active")]), oldKey.signer);
    const tampered = { ...v2, keys: [...v2.keys, key("policy-rogue", rogue.publicKeyJwk, "published")] };
    expect(await codeOf(verifyKeySetUpdate(v1, tampered, now))).toBe("bad_signature");
  });

  it("refuses an update signed by a revoked key (revoked_key), an expired one and a not-yet-valid one", async () => {
    const v2 = await signKeySet(body(2, [revokedOld, key("policy-2026-07", newKey.publicKeyJwk, "active")]), newKey.signer);
    const byRevoked = await signKeySet(body(3, [revokedOld, key("policy-2026-07", newKey.publicKeyJwk, "active"), key("policy-rogue", rogue.publicKeyJwk, "published")]), oldKey.signer);
    expect(await codeOf(verifyKeySetUpdate(v2, byRevoked, now))).toBe("revoked_key");
    const expiring = await signKeySet(body(2, [key("policy-2026-01", oldKey.publicKeyJwk, "active", { not_after: "2026-03-01T00:00:00.000Z" })]), oldKey.signer);
    const next = await signKeySet(body(3, [key("policy-2026-01", oldKey.publicKeyJwk, "active")]), oldKey.signer);
    expect(await codeOf(verifyKeySetUpdate(expiring, next, now))).toBe("expired_key");
    const future = await signKeySet(body(2, [key("policy-2026-01", oldKey.publicKeyJwk, "active", { not_before: "2027-01-01T00:00:00.000Z" })]), oldKey.signer);
    expect(await codeOf(verifyKeySetUpdate(future, next, now))).toBe("key_not_yet_valid");
  });

  it("refuses replayed, skipped, malformed and illegal transitions", async () => {
    expect(await codeOf(verifyKeySetUpdate(v1, v1, now))).toBe("stale_version");
    const v3 = await signKeySet(body(3, [key("policy-2026-01", oldKey.publicKeyJwk, "active")]), oldKey.signer);
    expect(await codeOf(verifyKeySetUpdate(v1, v3, now))).toBe("version_gap");
    expect(await codeOf(verifyKeySetUpdate(v1, { ...v1, version: 2, domain: "other" }, now))).toBe("malformed");
    expect(await codeOf(verifyKeySetUpdate(v1, "junk", now))).toBe("malformed");
    const twoActive = { ...(await signKeySet(body(2, [key("policy-2026-01", oldKey.publicKeyJwk, "active")]), oldKey.signer)), keys: [key("policy-2026-01", oldKey.publicKeyJwk, "active"), key("policy-2026-07", newKey.publicKeyJwk, "active")] };
    expect(await codeOf(verifyKeySetUpdate(v1, twoActive, now))).toBe("malformed");
    const rebound = await signKeySet(body(2, [key("policy-2026-01", rogue.publicKeyJwk, "active")]), oldKey.signer);
    expect(await codeOf(verifyKeySetUpdate(v1, rebound, now))).toBe("invalid_transition");
    const withRevoked: SignedKeySet = await signKeySet(body(2, [revokedOld, key("policy-2026-07", newKey.publicKeyJwk, "active")]), oldKey.signer);
    const unrevoke = await signKeySet(body(3, [key("policy-2026-01", oldKey.publicKeyJwk, "retired"), key("policy-2026-07", newKey.publicKeyJwk, "active")]), newKey.signer);
    expect(await codeOf(verifyKeySetUpdate(withRevoked, unrevoke, now))).toBe("invalid_transition");
    const dropped = await signKeySet(body(3, [key("policy-2026-07", newKey.publicKeyJwk, "active")]), newKey.signer);
    expect(await codeOf(verifyKeySetUpdate(withRevoked, dropped, now))).toBe("invalid_transition");
  });
});

describe("bundles and controls against a key set", () => {
  const set: KeySet = body(5, [
    revokedOld,
    key("policy-2026-07", newKey.publicKeyJwk, "active"),
    key("policy-expired", rogue.publicKeyJwk, "retired", { not_after: "2026-02-01T00:00:00.000Z" }),
  ]);

  it("refuses each unusable key with its own code; a revoked key's valid signature is still refused", async () => {
    expect((await verifyBundleWithKeySet(await bundleBy(newKey.signer), set, { now, tenant: "acme" })).key_id).toBe("policy-2026-07");
    expect(await codeOf(verifyBundleWithKeySet(await bundleBy(oldKey.signer), set, { now }))).toBe("revoked_key");
    const expiredSigner = await generateSoftwareSigner("policy-expired");
    expect(await codeOf(verifyBundleWithKeySet(await bundleBy({ ...rogue.signer, keyId: "policy-expired" }), set, { now }))).toBe("expired_key");
    expect(await codeOf(verifyBundleWithKeySet(await bundleBy(rogue.signer), set, { now }))).toBe("unknown_key");
    expect(await codeOf(verifyBundleWithKeySet(await bundleBy({ ...expiredSigner.signer, keyId: "policy-2026-07" }), set, { now }))).toBe("bad_signature");
    const early = new Date("2025-06-01T00:00:00.000Z");
    expect(await codeOf(verifyBundleWithKeySet(await bundleBy(newKey.signer), set, { now: early }))).toBe("key_not_yet_valid");
  });

  it("fleet controls follow the same rules", async () => {
    const control = { domain: FLEET_CONTROL_DOMAIN as typeof FLEET_CONTROL_DOMAIN, tenant: "acme", seq: 1, kind: "estop.engage" as const, reason: "fire", actor_key_id: "admin-1", issued_at: now.toISOString() };
    expect((await verifyFleetControlWithKeySet(await signFleetControl(control, newKey.signer), set, "acme", now)).seq).toBe(1);
    expect(await codeOf(verifyFleetControlWithKeySet(await signFleetControl(control, oldKey.signer), set, "acme", now))).toBe("revoked_key");
    expect(await codeOf(verifyFleetControlWithKeySet(await signFleetControl(control, rogue.signer), set, "acme", now))).toBe("unknown_key");
  });

  it("usableKeys lists only keys that verify now (what legacy {keys:[…]} readers get)", () => {
    expect(Object.keys(usableKeys(set, now))).toEqual(["policy-2026-07"]);
    expect(keyUsability(set, "policy-2026-01", now)).toMatchObject({ refusal: "revoked_key" });
  });
});
