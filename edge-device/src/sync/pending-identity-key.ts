/**
 * The device's next identity key during a rotation (`nethical-edge rotate-key`). The current key is kept
 * until the server has accepted the new one, so the device can always connect:
 *
 * - software: the new key is written to `<data_dir>/device-key.next.json` (0600, atomically) before the
 *   request; after the server accepts it, it replaces `device-key.json` (atomic rename) and the next file goes.
 * - PKCS#11 (`identity.pkcs11`): the new key is generated on the token under a fresh label
 *   `<key>.r<unix ms>`, named by `<data_dir>/identity-key-label.next`; after acceptance that file replaces
 *   `<data_dir>/identity-key-label`, which names the current label (absent = the configured `key`). The old
 *   token key is left on the token (no destroy), retired by the server.
 *
 * A crash between the server's acceptance and the swap leaves the pending key next to the current one: the
 * server then refuses the current key with `key_retired`, and the runtime promotes the pending key
 * ({@link recoverFromRetiredKey}) and reconnects. `rotate-key` run again reuses a pending key.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { generateSoftwareSigner, publicJwkOf } from "@nethical/core";
import { dataPaths, type DeviceConfig } from "../config.ts";
import { readIfExists, writeFileAtomic } from "./bundle-file.ts";
import { loadDeviceKey } from "./device-key.ts";
import { loadIdentityKey, type IdentityKey } from "./identity-key.ts";

/**
 * Files of the rotation state inside the data folder (`tokenLabel` is read by identity-key.ts's currentTokenLabel).
 *
 * @example
 * rotationPaths(config).pendingKey; // "<data_dir>/device-key.next.json"
 */
export function rotationPaths(config: Pick<DeviceConfig, "data_dir">): { pendingKey: string; tokenLabel: string; pendingTokenLabel: string } {
  return {
    pendingKey: join(config.data_dir, "device-key.next.json"),
    tokenLabel: join(config.data_dir, "identity-key-label"),
    pendingTokenLabel: join(config.data_dir, "identity-key-label.next"),
  };
}

async function hsm(): Promise<typeof import("@nethical/hsm/pkcs11")> {
  return import("@nethical/hsm/pkcs11");
}

async function openToken(config: DeviceConfig, label: string): Promise<IdentityKey> {
  const p = config.identity?.pkcs11;
  if (p === undefined) throw new Error("no identity.pkcs11 in the config");
  const { openPkcs11Signer, pinFromEnv } = await hsm();
  const signer = await openPkcs11Signer({ module: p.module, token: p.token, key: label, keyId: config.device_id, pin: pinFromEnv(p.pin_env) });
  return { signer, publicKeyJwk: await signer.publicKey(), source: "pkcs11", close: () => signer.close() };
}

/**
 * The pending key of an unfinished rotation, or undefined.
 *
 * @example
 * const pending = await loadPendingKey(config);
 */
export async function loadPendingKey(config: DeviceConfig): Promise<IdentityKey | undefined> {
  const paths = rotationPaths(config);
  if (config.identity?.pkcs11 !== undefined) {
    const label = readIfExists(paths.pendingTokenLabel)?.trim();
    return label === undefined || label === "" ? undefined : openToken(config, label);
  }
  const key = await loadDeviceKey(paths.pendingKey, config.device_id);
  return key === undefined ? undefined : { ...key, source: "file", close: () => undefined };
}

/**
 * The pending key, created (and persisted before anything is sent) when there is none. A pending key equal to
 * the current one (a crash after the swap) is discarded first.
 *
 * @example
 * const { key, created } = await ensurePendingKey(config, current.publicKeyJwk);
 */
export async function ensurePendingKey(config: DeviceConfig, currentJwk: JsonWebKey): Promise<{ key: IdentityKey; created: boolean }> {
  const existing = await loadPendingKey(config);
  if (existing !== undefined) {
    if (existing.publicKeyJwk.x !== publicJwkOf(currentJwk).x) return { key: existing, created: false };
    existing.close();
    discardPendingKey(config);
  }
  const paths = rotationPaths(config);
  mkdirSync(config.data_dir, { recursive: true, mode: 0o700 });
  const p = config.identity?.pkcs11;
  if (p !== undefined) {
    const label = `${p.key}.r${Date.now()}`;
    const { generateEd25519KeyPair, pinFromEnv } = await hsm();
    await generateEd25519KeyPair({ module: p.module, token: p.token, key: label, pin: pinFromEnv(p.pin_env) });
    writeFileAtomic(paths.pendingTokenLabel, label, 0o600);
    return { key: await openToken(config, label), created: true };
  }
  const generated = await generateSoftwareSigner(config.device_id);
  writeFileAtomic(paths.pendingKey, JSON.stringify(generated.privateKeyJwk), 0o600);
  return { key: { signer: generated.signer, publicKeyJwk: generated.publicKeyJwk, source: "file", close: () => undefined }, created: true };
}

/**
 * Make the pending key the current one (after the server accepted it): an atomic rename of the key file
 * (software) or of the label file (PKCS#11). Returns false when there was no pending key.
 *
 * @example
 * if (accepted) promotePendingKey(config);
 */
export function promotePendingKey(config: DeviceConfig): boolean {
  const paths = rotationPaths(config);
  if (config.identity?.pkcs11 !== undefined) {
    if (!existsSync(paths.pendingTokenLabel)) return false;
    renameSync(paths.pendingTokenLabel, paths.tokenLabel);
    return true;
  }
  if (!existsSync(paths.pendingKey)) return false;
  renameSync(paths.pendingKey, dataPaths(config).deviceKey);
  return true;
}

/**
 * Forget the pending key (the server refused it for good, e.g. `key_reused`). A token key stays on the token.
 *
 * @example
 * discardPendingKey(config);
 */
export function discardPendingKey(config: DeviceConfig): void {
  const paths = rotationPaths(config);
  rmSync(paths.pendingKey, { force: true });
  rmSync(paths.pendingTokenLabel, { force: true });
}

/**
 * After the server refused the key in use with `key_retired`: the identity key to use instead, or undefined.
 * The key on disk first (a `rotate-key` run swapped it while this process was running), else a pending key
 * (a crash between the server's acceptance and the swap: it is promoted now).
 *
 * @example
 * const next = await recoverFromRetiredKey(config, inUse.publicKeyJwk);
 * if (next !== undefined) signer.use(next.signer);
 */
export async function recoverFromRetiredKey(config: DeviceConfig, inUseJwk: JsonWebKey): Promise<IdentityKey | undefined> {
  const onDisk = await loadIdentityKey(config).catch(() => undefined);
  if (onDisk !== undefined && onDisk.publicKeyJwk.x !== inUseJwk.x) return onDisk;
  onDisk?.close();
  if (!promotePendingKey(config)) return undefined;
  return loadIdentityKey(config);
}
