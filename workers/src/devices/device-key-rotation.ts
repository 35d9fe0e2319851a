/**
 * Device-initiated identity key rotation (`POST /v2/devices/{id}/key`): the request carries the new public
 * key, `issued_at` and two Ed25519 proofs over the same bytes (shared/src/sync/device-key-rotation.ts), one
 * by the device's current key and one by the new key. Accepted, the new key becomes current at once; the old
 * one goes into `previous_keys` with its window (sync then refuses it with `key_retired`). Every refusal
 * leaves the record unchanged.
 *
 * Consistency: KV has no compare-and-set; two rotations of one device at the same instant could both pass the
 * checks and the last write wins. A device rotates its own key, one request at a time, so this is accepted.
 */
import { z } from "zod";
import {
  base64UrlEncode,
  ed25519Thumbprint,
  importPublicKey,
  publicJwkOf,
  ROTATION_PROOF_WINDOW_MS,
  verifyRotationProof,
  type DeviceKeyRotationClaim,
} from "@nethical/core";
import { MAX_PREVIOUS_KEYS, readDevice, writeDevice, type DeviceRecord } from "./device-registry.ts";

/** `POST /v2/devices/{id}/key` body. */
export const RotateDeviceKeySchema = z
  .object({
    public_key_jwk: z.object({ kty: z.string(), crv: z.string().optional(), x: z.string().optional() }).loose(),
    issued_at: z.iso.datetime({ offset: true }),
    proof_old: z.string().min(1).max(256),
    proof_new: z.string().min(1).max(256),
  })
  .strict();
export type RotateDeviceKeyInput = z.infer<typeof RotateDeviceKeySchema>;

/** Why a rotation was refused. */
export type RotationRefusalCode =
  | "not_found"
  | "device_revoked"
  | "malformed_key"
  | "stale_proof"
  | "proof_replayed"
  | "same_key"
  | "key_reused"
  | "bad_proof_old"
  | "bad_proof_new";

/** A refused rotation: its code and a fixed message (never echoing the request). */
export class RotationRefusal extends Error {
  readonly code: RotationRefusalCode;
  constructor(code: RotationRefusalCode, message: string) {
    super(message);
    this.code = code;
    this.name = "RotationRefusal";
  }
}

const TEXT: Record<RotationRefusalCode, string> = {
  not_found: "no device with that id",
  device_revoked: "the device is revoked; its key cannot be rotated",
  malformed_key: "public_key_jwk is not a usable Ed25519 public key",
  stale_proof: "issued_at is outside the accepted window around the server's clock",
  proof_replayed: "this rotation proof was already used",
  same_key: "the new key is the device's current key",
  key_reused: "the new key is one this device already rotated away from",
  bad_proof_old: "proof_old does not verify with the device's current key over this rotation",
  bad_proof_new: "proof_new does not verify with the new key over this rotation",
};

function refuse(code: RotationRefusalCode): never {
  throw new RotationRefusal(code, TEXT[code]);
}

async function sha256(text: string): Promise<string> {
  return base64UrlEncode(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));
}

/**
 * Check a rotation request against the stored record and apply it. Returns the updated record; throws
 * {@link RotationRefusal} (record unchanged) otherwise.
 *
 * @example
 * const record = await rotateDeviceKey(env.POLICY_KV, "acme", "robot-7", body, Date.now());
 */
export async function rotateDeviceKey(kv: KVNamespace, tenant: string, deviceId: string, input: RotateDeviceKeyInput, now: number): Promise<DeviceRecord> {
  const record = await readDevice(kv, tenant, deviceId);
  if (record === null) refuse("not_found");
  if (record.revoked !== undefined) refuse("device_revoked");
  let newJwk: JsonWebKey;
  try {
    newJwk = publicJwkOf(input.public_key_jwk as JsonWebKey);
    await importPublicKey(newJwk);
  } catch {
    refuse("malformed_key");
  }
  const issued = Date.parse(input.issued_at);
  if (!Number.isFinite(issued) || Math.abs(now - issued) > ROTATION_PROOF_WINDOW_MS) refuse("stale_proof");
  const proofId = await sha256(input.proof_old);
  if (record.last_rotation_proof === proofId) refuse("proof_replayed");
  const currentThumbprint = record.key_thumbprint ?? (await ed25519Thumbprint(record.public_key_jwk));
  const newThumbprint = await ed25519Thumbprint(newJwk);
  if (newThumbprint === currentThumbprint) refuse("same_key");
  if ((record.previous_keys ?? []).some((k) => k.key_thumbprint === newThumbprint)) refuse("key_reused");
  const claim: DeviceKeyRotationClaim = { tenant, device_id: deviceId, new_thumbprint: newThumbprint, old_thumbprint: currentThumbprint, issued_at: input.issued_at };
  if (!(await verifyRotationProof(record.public_key_jwk, claim, input.proof_old).catch(() => false))) refuse("bad_proof_old");
  if (!(await verifyRotationProof(newJwk, claim, input.proof_new).catch(() => false))) refuse("bad_proof_new");
  const at = new Date(now).toISOString();
  const retired = { public_key_jwk: record.public_key_jwk, key_thumbprint: currentThumbprint, since: record.key_since ?? record.enrolled_at, retired_at: at };
  const next: DeviceRecord = {
    ...record,
    public_key_jwk: newJwk,
    key_thumbprint: newThumbprint,
    key_since: at,
    previous_keys: [retired, ...(record.previous_keys ?? [])].slice(0, MAX_PREVIOUS_KEYS),
    last_rotation_proof: proofId,
  };
  // A revocation that landed while the proofs were checked wins (narrows, does not close, the KV race).
  if ((await readDevice(kv, tenant, deviceId))?.revoked !== undefined) refuse("device_revoked");
  await writeDevice(kv, tenant, next);
  return next;
}
