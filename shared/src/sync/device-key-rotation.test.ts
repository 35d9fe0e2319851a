/**
 * Device key rotation proofs: the RFC 8037 thumbprint, bytes bound to tenant/device/keys/time, and proofs
 * that verify only for exactly the claim and key that made them.
 */
import { describe, expect, it } from "vitest";
import { generateSoftwareSigner } from "../signing/software-signer.ts";
import { deviceKeyRotationBytes, ed25519Thumbprint, signDeviceKeyRotation, verifyRotationProof, type DeviceKeyRotationClaim } from "./device-key-rotation.ts";

describe("device key rotation proofs", () => {
  it("computes the RFC 8037 (A.3) thumbprint of an Ed25519 key", async () => {
    expect(await ed25519Thumbprint({ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" })).toBe("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    await expect(ed25519Thumbprint({ kty: "EC", crv: "P-256", x: "a" })).rejects.toThrow(TypeError);
  });

  it("signs both proofs over the same claim; each verifies only with its own key and claim", async () => {
    const oldKey = await generateSoftwareSigner("old");
    const newKey = await generateSoftwareSigner("new");
    const now = Date.UTC(2026, 11, 5, 20, 0, 0);
    const body = await signDeviceKeyRotation({ tenant: "acme", device_id: "robot-7", oldKey: oldKey.signer, newKey: newKey.signer, now });
    expect(body.public_key_jwk).toEqual({ kty: "OKP", crv: "Ed25519", x: newKey.publicKeyJwk.x });
    const claim: DeviceKeyRotationClaim = {
      tenant: "acme",
      device_id: "robot-7",
      new_thumbprint: await ed25519Thumbprint(newKey.publicKeyJwk),
      old_thumbprint: await ed25519Thumbprint(oldKey.publicKeyJwk),
      issued_at: body.issued_at,
    };
    expect(new TextDecoder().decode(deviceKeyRotationBytes(claim))).toBe(`nethical-device-key-rotation-v1\nacme\nrobot-7\n${claim.new_thumbprint}\n${claim.old_thumbprint}\n2026-12-05T20:00:00.000Z`);
    expect(await verifyRotationProof(oldKey.publicKeyJwk, claim, body.proof_old)).toBe(true);
    expect(await verifyRotationProof(newKey.publicKeyJwk, claim, body.proof_new)).toBe(true);
    // Swapped keys, another tenant or device, another time: false.
    expect(await verifyRotationProof(newKey.publicKeyJwk, claim, body.proof_old)).toBe(false);
    expect(await verifyRotationProof(oldKey.publicKeyJwk, { ...claim, tenant: "other" }, body.proof_old)).toBe(false);
    expect(await verifyRotationProof(oldKey.publicKeyJwk, { ...claim, device_id: "robot-8" }, body.proof_old)).toBe(false);
    expect(await verifyRotationProof(oldKey.publicKeyJwk, { ...claim, issued_at: "2026-12-05T20:00:01.000Z" }, body.proof_old)).toBe(false);
    expect(await verifyRotationProof(oldKey.publicKeyJwk, claim, "not*base64")).toBe(false);
    expect(() => deviceKeyRotationBytes({ ...claim, device_id: "a\nb" })).toThrow(TypeError);
  });
});
