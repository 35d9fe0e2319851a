/**
 * Test and bench fixtures: a real Ed25519 signing key, real signed bundles, a temporary data folder and
 * a wired device (keeper, log, monitor, governor) — the same parts production uses, nothing mocked.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBundle, defaultPolicy, generateSoftwareSigner, signBundle, type PolicyDocument, type Signer } from "@nethical/core";
import { parseDeviceConfig, type DeviceConfig, type DeviceConfigInput } from "../config.ts";
import { acceptBundle, openDevice, type Device } from "../device.ts";

/** A signing key and the trusted-keys map a device config needs. */
export interface TestSigner {
  signer: Signer;
  trusted: Record<string, JsonWebKey>;
  /** A signed bundle of `policy` (default policy) for `tenant` at `seq`. */
  bundle(seq: number, policy?: PolicyDocument, tenant?: string): Promise<Record<string, unknown>>;
}

/**
 * A fresh Ed25519 policy signer.
 *
 * @example
 * const s = await testSigner("acme"); const b = await s.bundle(1);
 */
export async function testSigner(tenant: string, keyId: string = "policy-test"): Promise<TestSigner> {
  const { signer, publicKeyJwk } = await generateSoftwareSigner(keyId);
  return {
    signer,
    trusted: { [keyId]: publicKeyJwk },
    async bundle(seq, policy = defaultPolicy(), forTenant = tenant) {
      const b = await createBundle(forTenant, seq, policy);
      return (await signBundle(b, signer)) as unknown as Record<string, unknown>;
    },
  };
}

/**
 * A temporary folder, removed by the returned function.
 *
 * @example
 * const { dir, remove } = tempDir(); … remove();
 */
export function tempDir(prefix: string = "nethical-edge-"): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A device config in `dir` trusting `trusted`, with overrides.
 *
 * @example
 * const config = testConfig(dir, s.trusted, { offline: { staleness_bound_s: 1 } });
 */
export function testConfig(dir: string, trusted: Record<string, JsonWebKey>, overrides: Partial<DeviceConfigInput> = {}): DeviceConfig {
  return parseDeviceConfig({ tenant: "acme", device_id: "robot-7", data_dir: dir, trusted_keys: trusted, http: { port: 0 }, ...overrides });
}

/**
 * A device opened on `config` (no network), with a settable clock.
 *
 * @example
 * const { device, clock } = await testDevice(config); clock.now += 1000;
 */
export async function testDevice(config: DeviceConfig): Promise<{ device: Device; clock: { now: number } }> {
  const clock = { now: 1_767_225_600_000 };
  const device = await openDevice(config, { clock: () => clock.now });
  return { device, clock };
}

/**
 * A test device for `tenant` in a temporary folder, with the default policy installed as bundle 1.
 * `remove()` closes it and deletes the folder.
 *
 * @example
 * const { device, remove } = await deviceWithPolicy(); device.governor.evaluate(request); remove();
 */
export async function deviceWithPolicy(tenant: string = "acme"): Promise<{ device: Device; remove: () => void }> {
  const s = await testSigner(tenant);
  const t = tempDir();
  const { device } = await testDevice(testConfig(t.dir, s.trusted));
  await acceptBundle(device, await s.bundle(1));
  return {
    device,
    remove: () => {
      device.close();
      t.remove();
    },
  };
}
