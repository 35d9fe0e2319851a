/**
 * The device's identity key (answers the `/v2/sync` challenge, signs the software attestation): either
 * the software key in `<data_dir>/device-key.json` (device-key.ts, the default) or, with
 * `identity.pkcs11` in the config, an Ed25519 key on a PKCS#11 token that never leaves it. The PKCS#11
 * support (@nethical/hsm and its native binding) is imported only when the config asks for it, so the
 * default device loads no native code. The PIN is read from the environment variable `pin_env`.
 */
import { dataPaths, type DeviceConfig } from "../config.ts";
import { join } from "node:path";
import { ensureDeviceKey, loadDeviceKey, type DeviceKey } from "./device-key.ts";
import { readIfExists } from "./bundle-file.ts";

/** A loaded identity key; `close()` releases a token session (a no-op for the software key). */
export interface IdentityKey extends DeviceKey {
  readonly source: "file" | "pkcs11";
  close(): void;
}

type Pkcs11Identity = NonNullable<DeviceConfig["identity"]>["pkcs11"];

async function hsm(): Promise<typeof import("@nethical/hsm/pkcs11")> {
  try {
    return await import("@nethical/hsm/pkcs11");
  } catch (error) {
    throw new Error(`identity.pkcs11 is configured but PKCS#11 support (@nethical/hsm, pkcs11js) is not installed: ${(error as Error).message.split("\n")[0]}`);
  }
}

/**
 * The label of the current PKCS#11 identity key: the configured `key`, or after a rotation
 * (pending-identity-key.ts) the label named in `<data_dir>/identity-key-label`.
 *
 * @example
 * currentTokenLabel(config, config.identity.pkcs11); // "robot-7.r1764965400000" after a rotation
 */
export function currentTokenLabel(config: Pick<DeviceConfig, "data_dir">, p: Pkcs11Identity): string {
  return readIfExists(join(config.data_dir, "identity-key-label"))?.trim() || p.key;
}

async function openTokenKey(config: DeviceConfig, p: Pkcs11Identity): Promise<IdentityKey> {
  const { openPkcs11Signer, pinFromEnv } = await hsm();
  const signer = await openPkcs11Signer({ module: p.module, token: p.token, key: currentTokenLabel(config, p), keyId: config.device_id, pin: pinFromEnv(p.pin_env) });
  return { signer, publicKeyJwk: await signer.publicKey(), source: "pkcs11", close: () => signer.close() };
}

/**
 * The identity key, or undefined when a software key was never created (a PKCS#11 key must exist: errors
 * are the token's, e.g. HsmError pin_incorrect or key_not_found).
 *
 * @example
 * const key = await loadIdentityKey(config); // { signer, publicKeyJwk, source: "pkcs11", close }
 */
export async function loadIdentityKey(config: DeviceConfig): Promise<IdentityKey | undefined> {
  const p = config.identity?.pkcs11;
  if (p !== undefined) return openTokenKey(config, p);
  const key = await loadDeviceKey(dataPaths(config).deviceKey, config.device_id);
  return key === undefined ? undefined : { ...key, source: "file", close: () => undefined };
}

/**
 * The identity key, created when missing: on the token (non-extractable, sensitive) with
 * `identity.pkcs11`, else as the software key file.
 *
 * @example
 * const { publicKeyJwk, created } = await ensureIdentityKey(config);
 */
export async function ensureIdentityKey(config: DeviceConfig): Promise<IdentityKey & { created: boolean }> {
  const p = config.identity?.pkcs11;
  if (p === undefined) {
    const key = await ensureDeviceKey(dataPaths(config).deviceKey, config.device_id);
    return { ...key, source: "file", close: () => undefined };
  }
  try {
    return { ...(await openTokenKey(config, p)), created: false };
  } catch (error) {
    if ((error as { code?: unknown }).code !== "key_not_found") throw error;
  }
  const { generateEd25519KeyPair, pinFromEnv } = await hsm();
  await generateEd25519KeyPair({ module: p.module, token: p.token, key: p.key, pin: pinFromEnv(p.pin_env) });
  return { ...(await openTokenKey(config, p)), created: true };
}
