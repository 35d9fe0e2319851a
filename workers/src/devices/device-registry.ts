/**
 * Enrolled devices: per tenant, a device id and the Ed25519 public key it authenticates `/v2/sync` with.
 * Kept in Workers KV at `t:<tenant>:device:<device_id>` (global, read by every region's PolicyStore when a
 * device connects). Only the public key is stored.
 */
import { z } from "zod";
import { base64UrlDecode, ed25519Thumbprint, EnrolAttestationSchema, parseAkPublic, publicJwkOf, type DeviceAttestation } from "@nethical/core";
import { deviceKey } from "@nethical/durable-objects/storage-keys";

/** What a device id may be: also checked before a lookup, so a long or odd id never reaches a KV key. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;


/** `POST /v2/devices` body. */
export const EnrolDeviceSchema = z
  .object({
    device_id: z.string().regex(DEVICE_ID_PATTERN, "device ids are 1–128 characters of [A-Za-z0-9._:-]"),
    public_key_jwk: z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string() }).loose(),
    label: z.string().max(256).optional(),
    /** How the device attests at each sync: absent or `software`, or `tpm` with its AK's TPM2B_PUBLIC (base64url). */
    attestation: EnrolAttestationSchema.optional(),
  })
  .strict();

/** A stored device. */
export interface DeviceRecord {
  device_id: string;
  public_key_jwk: JsonWebKey;
  label: string | null;
  enrolled_at: string;
  /** Software, or the TPM attestation key every sync quote must verify with (shared/src/attestation). */
  attestation: DeviceAttestation;
  /** RFC 7638 thumbprint of `public_key_jwk` and since when it is current (absent in records enrolled before rotation existed). */
  key_thumbprint?: string;
  key_since?: string;
  /** Keys this device rotated away from, newest first (at most MAX_PREVIOUS_KEYS): sync refuses them with `key_retired`. */
  previous_keys?: PreviousDeviceKey[];
  /** base64url SHA-256 of the last accepted rotation's `proof_old`: the same proof again is refused as replayed. */
  last_rotation_proof?: string;
  /** Set by `POST /v2/devices/{id}/revoke`: sync refuses the device with `device_revoked`. */
  revoked?: { at: string; reason: string; actor_key_id: string };
}

/** A key the device used before, with its window. */
export interface PreviousDeviceKey {
  public_key_jwk: JsonWebKey;
  key_thumbprint: string;
  /** When it became current (the enrolment time for the first key), when it was rotated away from. */
  since: string;
  retired_at: string;
}

/** How many previous keys a record keeps. */
export const MAX_PREVIOUS_KEYS = 10;

/**
 * Enrol (or re-key) a device. Throws SigningKeyError when the key is not a usable Ed25519 public key, and
 * TpmParseError when a TPM `ak_public` is not a restricted signing key bound to its TPM (ECC P-256 or
 * RSA-2048, SHA-256); a private `d` member is dropped, never stored.
 *
 * @example
 * await enrolDevice(env.POLICY_KV, "acme", { device_id: "robot-7", public_key_jwk: jwk }, Date.now());
 */
export async function enrolDevice(kv: KVNamespace, tenant: string, input: z.infer<typeof EnrolDeviceSchema>, now: number): Promise<DeviceRecord> {
  const requested = input.attestation ?? { kind: "software" as const };
  let attestation: DeviceAttestation = { mode: "software" };
  if (requested.kind === "tpm") {
    const ak = parseAkPublic(base64UrlDecode(requested.ak_public));
    attestation = { mode: "tpm", ak: { jwk: { ...ak.jwk }, alg: ak.alg }, ak_public: requested.ak_public };
  }
  const publicKeyJwk = publicJwkOf(input.public_key_jwk as JsonWebKey);
  const record: DeviceRecord = {
    device_id: input.device_id,
    public_key_jwk: publicKeyJwk,
    label: input.label ?? null,
    enrolled_at: new Date(now).toISOString(),
    attestation,
    key_thumbprint: await ed25519Thumbprint(publicKeyJwk),
    key_since: new Date(now).toISOString(),
  };
  await kv.put(deviceKey(tenant, input.device_id), JSON.stringify(record));
  return record;
}

/**
 * A device's record, or null.
 *
 * @example
 * const device = await readDevice(env.POLICY_KV, "acme", "robot-7");
 */
export async function readDevice(kv: KVNamespace, tenant: string, deviceId: string): Promise<DeviceRecord | null> {
  return kv.get<DeviceRecord>(deviceKey(tenant, deviceId), "json");
}

/**
 * Store a device record as it is (rotation and revocation write the whole record back).
 *
 * @example
 * await writeDevice(env.POLICY_KV, "acme", { ...record, revoked: { at, reason, actor_key_id } });
 */
export async function writeDevice(kv: KVNamespace, tenant: string, record: DeviceRecord): Promise<void> {
  await kv.put(deviceKey(tenant, record.device_id), JSON.stringify(record));
}
