/**
 * Device identity key rotation (`POST /v2/devices/{id}/key`): the device makes a new Ed25519 key and proves
 * possession of BOTH its current (old) key and the new one by signing the same domain-separated bytes
 * with each:
 *
 *   nethical-device-key-rotation-v1\n<tenant>\n<device_id>\n<new key thumbprint>\n<old key thumbprint>\n<issued_at>
 *
 * Thumbprints are RFC 7638 JWK thumbprints (SHA-256, base64url) of the public keys, so each proof names
 * exactly which key replaces which, for which tenant and device; `issued_at` bounds freshness (the server
 * refuses proofs outside {@link ROTATION_PROOF_WINDOW_MS}) and a proof it already accepted is refused as replayed.
 */
import { base64UrlDecode, base64UrlEncode } from "../signing/base64url.ts";
import type { Signer } from "../signing/keys.ts";
import { verifySignature } from "../signing/verifier.ts";

/** Domain-separation prefix of the signed rotation bytes. */
export const DEVICE_KEY_ROTATION_CONTEXT = "nethical-device-key-rotation-v1";

/** How far `issued_at` may be from the server's clock, either way (5 minutes). */
export const ROTATION_PROOF_WINDOW_MS = 5 * 60_000;

/** What both rotation proofs are bound to. */
export interface DeviceKeyRotationClaim {
  readonly tenant: string;
  readonly device_id: string;
  /** RFC 7638 thumbprint of the new public key. */
  readonly new_thumbprint: string;
  /** RFC 7638 thumbprint of the key being replaced (the device's current key). */
  readonly old_thumbprint: string;
  /** ISO 8601 instant the device made the proofs. */
  readonly issued_at: string;
}

/** The rotation request body a device sends. */
export interface DeviceKeyRotationRequest {
  public_key_jwk: JsonWebKey;
  issued_at: string;
  proof_old: string;
  proof_new: string;
}

/**
 * RFC 7638 thumbprint of an Ed25519 (OKP) public JWK: base64url SHA-256 of `{"crv":"Ed25519","kty":"OKP","x":"…"}`.
 * Throws TypeError for anything but an OKP Ed25519 key with a string `x`.
 *
 * @example
 * await ed25519Thumbprint({ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }); // "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
 */
export async function ed25519Thumbprint(jwk: JsonWebKey): Promise<string> {
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string" || jwk.x.length === 0) {
    throw new TypeError("a thumbprint needs an OKP Ed25519 public key");
  }
  const canonical = JSON.stringify({ crv: "Ed25519", kty: "OKP", x: jwk.x });
  return base64UrlEncode(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical))));
}

/**
 * The exact bytes both proofs sign (UTF-8). Throws TypeError if a field is empty or spans lines.
 *
 * @example
 * deviceKeyRotationBytes({ tenant: "acme", device_id: "robot-7", new_thumbprint, old_thumbprint, issued_at: new Date().toISOString() });
 */
export function deviceKeyRotationBytes(claim: DeviceKeyRotationClaim): Uint8Array {
  const fields = [claim.tenant, claim.device_id, claim.new_thumbprint, claim.old_thumbprint, claim.issued_at];
  for (const value of fields) {
    if (typeof value !== "string" || value.length === 0 || value.includes("\n")) {
      throw new TypeError("device key rotation fields must be non-empty single-line strings");
    }
  }
  return new TextEncoder().encode([DEVICE_KEY_ROTATION_CONTEXT, ...fields].join("\n"));
}

/**
 * Make a rotation request on the device: both proofs over the same claim, signed by the old and the new key.
 *
 * @example
 * const body = await signDeviceKeyRotation({ tenant: "acme", device_id: "robot-7", oldKey, newKey, now: Date.now() });
 * await fetch(`${server}/v2/devices/robot-7/key`, { method: "POST", body: JSON.stringify(body), headers });
 */
export async function signDeviceKeyRotation(input: { tenant: string; device_id: string; oldKey: Signer; newKey: Signer; now: number }): Promise<DeviceKeyRotationRequest> {
  const oldJwk = await input.oldKey.publicKey();
  const newJwk = await input.newKey.publicKey();
  const claim: DeviceKeyRotationClaim = {
    tenant: input.tenant,
    device_id: input.device_id,
    new_thumbprint: await ed25519Thumbprint(newJwk),
    old_thumbprint: await ed25519Thumbprint(oldJwk),
    issued_at: new Date(input.now).toISOString(),
  };
  const bytes = deviceKeyRotationBytes(claim);
  return {
    public_key_jwk: { kty: "OKP", crv: "Ed25519", x: newJwk.x as string },
    issued_at: claim.issued_at,
    proof_old: base64UrlEncode(await input.oldKey.sign(bytes)),
    proof_new: base64UrlEncode(await input.newKey.sign(bytes)),
  };
}

/**
 * Check one proof (base64url signature) against a public key and the claim. False for a malformed or wrong
 * signature; throws SigningKeyError only when the key itself is unusable.
 *
 * @example
 * if (!(await verifyRotationProof(current.public_key_jwk, claim, body.proof_old))) refuse("bad_proof_old");
 */
export async function verifyRotationProof(publicKeyJwk: JsonWebKey, claim: DeviceKeyRotationClaim, proof: string): Promise<boolean> {
  let sig: Uint8Array;
  let bytes: Uint8Array;
  try {
    sig = base64UrlDecode(proof);
    bytes = deviceKeyRotationBytes(claim);
  } catch {
    return false;
  }
  return verifySignature(publicKeyJwk, bytes, sig);
}
