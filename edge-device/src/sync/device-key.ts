/**
 * The device's Ed25519 key: created once by `nethical-edge enroll`, stored as a private JWK in
 * `<data_dir>/device-key.json` (mode 0600, written atomically), used to answer the `/v2/sync` challenge.
 * The private half never leaves this file and is never logged.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { generateSoftwareSigner, publicJwkOf, softwareSignerFromJwk, type Signer } from "@nethical/core";
import { readIfExists, writeFileAtomic } from "./bundle-file.ts";

/** A loaded device key. */
export interface DeviceKey {
  signer: Signer;
  publicKeyJwk: JsonWebKey;
}

/**
 * Load the device key, or undefined when it was never created.
 *
 * @example
 * const key = await loadDeviceKey(paths.deviceKey, "robot-7");
 */
export async function loadDeviceKey(file: string, deviceId: string): Promise<DeviceKey | undefined> {
  const text = readIfExists(file);
  if (text === undefined) return undefined;
  let jwk: JsonWebKey;
  try {
    jwk = JSON.parse(text) as JsonWebKey;
  } catch {
    throw new Error(`device key file ${file} is not JSON`);
  }
  const signer = await softwareSignerFromJwk(deviceId, jwk);
  return { signer, publicKeyJwk: publicJwkOf(jwk) };
}

/**
 * Load the device key, creating and storing a new one when there is none.
 *
 * @example
 * const { publicKeyJwk, created } = await ensureDeviceKey(paths.deviceKey, "robot-7");
 */
export async function ensureDeviceKey(file: string, deviceId: string): Promise<DeviceKey & { created: boolean }> {
  const existing = await loadDeviceKey(file, deviceId);
  if (existing !== undefined) return { ...existing, created: false };
  const generated = await generateSoftwareSigner(deviceId);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, JSON.stringify(generated.privateKeyJwk), 0o600);
  return { signer: generated.signer, publicKeyJwk: generated.publicKeyJwk, created: true };
}
