/**
 * Device authentication on `/v2/sync`: an enrolled device holds an Ed25519 key whose public half is
 * registered for its tenant (`POST /v2/devices`). The server sends a random nonce; the device signs
 * {@link deviceChallengeBytes} — the nonce bound to tenant and device id, so a signature cannot be replayed
 * for another tenant or device — and the server checks it with {@link verifyDeviceChallenge}.
 */
import { base64UrlDecode, base64UrlEncode } from "../signing/base64url.ts";
import type { Signer } from "../signing/keys.ts";
import { verifySignature } from "../signing/verifier.ts";

/** Domain-separation prefix of the signed challenge bytes. */
export const DEVICE_CHALLENGE_CONTEXT = "nethical-sync-v1";

/** What a challenge signature is bound to. */
export interface DeviceChallenge {
  readonly tenant: string;
  readonly device_id: string;
  /** base64url nonce from the server's `challenge` message. */
  readonly nonce: string;
}

/**
 * The exact bytes a device signs: UTF-8 of `nethical-sync-v1\n<tenant>\n<device_id>\n<nonce>`.
 *
 * @example
 * deviceChallengeBytes({ tenant: "acme", device_id: "robot-7", nonce }); // Uint8Array
 */
export function deviceChallengeBytes(challenge: DeviceChallenge): Uint8Array {
  const { tenant, device_id: deviceId, nonce } = challenge;
  for (const [name, value] of [["tenant", tenant], ["device_id", deviceId], ["nonce", nonce]] as const) {
    if (typeof value !== "string" || value.length === 0 || value.includes("\n")) {
      throw new TypeError(`device challenge ${name} must be a non-empty single-line string`);
    }
  }
  return new TextEncoder().encode(`${DEVICE_CHALLENGE_CONTEXT}\n${tenant}\n${deviceId}\n${nonce}`);
}

/**
 * Sign a challenge on the device: returns the base64url signature for the `auth` message.
 *
 * @example
 * const signature = await signDeviceChallenge(deviceSigner, { tenant: "acme", device_id: "robot-7", nonce });
 * socket.send(encodeSyncMessage({ type: "auth", signature }));
 */
export async function signDeviceChallenge(signer: Signer, challenge: DeviceChallenge): Promise<string> {
  return base64UrlEncode(await signer.sign(deviceChallengeBytes(challenge)));
}

/**
 * Check a device's challenge signature against its registered public JWK. True only for a valid signature
 * over exactly this tenant, device and nonce; false for anything else (malformed signature included).
 * Throws SigningKeyError only if the registered key itself is unusable.
 *
 * @example
 * if (!(await verifyDeviceChallenge(device.public_key_jwk, { tenant, device_id, nonce }, msg.signature))) refuse();
 */
export async function verifyDeviceChallenge(
  publicKeyJwk: JsonWebKey,
  challenge: DeviceChallenge,
  signature: string,
): Promise<boolean> {
  let sig: Uint8Array;
  let bytes: Uint8Array;
  try {
    sig = base64UrlDecode(signature);
    bytes = deviceChallengeBytes(challenge);
  } catch {
    return false;
  }
  return verifySignature(publicKeyJwk, bytes, sig);
}

/**
 * A fresh challenge nonce: base64url of 32 random bytes (WebCrypto). Server side only.
 *
 * @example
 * const nonce = newChallengeNonce(); // 43 characters
 */
export function newChallengeNonce(): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(32)));
}
