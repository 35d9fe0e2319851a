/**
 * The device's identity key on a PKCS#11 token (real SoftHSM2): enrolment creates it on the token,
 * non-extractable, and writes no key file; the running device answers the `/v2/sync` challenge with it
 * (the reference server checks it with core's verifyDeviceChallenge) and installs a bundle signed by a
 * policy key on the same kind of token; a wrong PIN or a missing PIN stops the start with its code; a
 * device without `identity.pkcs11` never loads the native binding.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBundle, defaultPolicy, signBundle, signDeviceChallenge, verifyDeviceChallenge } from "@nethical/core";
import { generateEd25519KeyPair, openPkcs11Signer } from "@nethical/hsm/pkcs11";
import { createSoftHsmStore, type SoftHsmStore } from "@nethical/hsm/testing/softhsm";
import { enrollCommand } from "../cli/enroll.ts";
import { dataPaths, type DeviceConfig } from "../config.ts";
import { startRuntime } from "../runtime.ts";
import { ReferenceServer } from "../testing/reference-server.ts";
import { tempDir, testConfig } from "../testing/fixtures.ts";
import { until } from "../testing/until.ts";
import { ensureIdentityKey, loadIdentityKey } from "./identity-key.ts";

const PIN_ENV = "NETHICAL_TEST_DEVICE_PIN";
let store: SoftHsmStore;
let pin: string;
const token = "robot-7-token";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

beforeAll(() => {
  store = createSoftHsmStore();
  store.useInThisProcess();
  pin = store.initToken(token).pin;
  process.env[PIN_ENV] = pin;
});
afterAll(() => {
  delete process.env[PIN_ENV];
  store?.remove();
});

function tokenConfig(dir: string, key: string, trusted: Record<string, JsonWebKey> = {}, extra: Partial<Parameters<typeof testConfig>[2]> = {}): DeviceConfig {
  return testConfig(dir, trusted, { identity: { pkcs11: { module: store.module, token, key, pin_env: PIN_ENV } }, ...extra });
}

describe("device identity key on PKCS#11", () => {
  it("enrolment creates the key on the token (non-extractable, sensitive), writes no key file, and reuses it", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const config = tokenConfig(dir, "robot-7-identity");
    const stdout = new PassThrough();
    let out = "";
    stdout.on("data", (chunk) => (out += chunk));
    const io = { stdin: process.stdin, stdout, stderr: new PassThrough() };
    // No server: enrol prints the key and says it is not registered (exit 1), as with a software key.
    const configFile = join(dir, "device.json");
    writeFileSync(configFile, JSON.stringify({ tenant: "acme", device_id: "robot-7", data_dir: dir, identity: config.identity }));
    expect(await enrollCommand(["--config", configFile], io)).toBe(1);
    const printed = JSON.parse(out) as { public_key_jwk: JsonWebKey; key_created: boolean; key_source: string };
    expect(printed).toMatchObject({ key_created: true, key_source: "pkcs11", registered: false });
    expect(out).not.toContain(pin);
    expect(existsSync(dataPaths(config).deviceKey)).toBe(false);

    const again = await ensureIdentityKey(config);
    again.close();
    expect(again.created).toBe(false);
    expect(again.publicKeyJwk).toEqual(printed.public_key_jwk);

    const key = await loadIdentityKey(config);
    try {
      expect(key?.source).toBe("pkcs11");
      const signer = key?.signer as Awaited<ReturnType<typeof openPkcs11Signer>>;
      expect(signer.protection).toMatchObject({ extractable: false, sensitive: true, never_extractable: true, token: true });
      expect(signer.keyId).toBe("robot-7");
    } finally {
      key?.close();
    }
  });

  it("the running device authenticates to the sync server with the token key and installs a token-signed bundle", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    // The policy key on a token too (as `nethical policy sign --pkcs11` would use it).
    const policyKey = await generateEd25519KeyPair({ module: store.module, token, key: "policy-hsm", pin });
    const policySigner = await openPkcs11Signer({ module: store.module, token, key: "policy-hsm", pin });
    const bundle = await signBundle(await createBundle("acme", 1, defaultPolicy()), policySigner);
    policySigner.close();

    const server = new ReferenceServer("acme");
    await server.start();
    cleanup.push(() => server.stop());
    server.publish(bundle as unknown as Record<string, unknown>);
    const config = tokenConfig(dir, "robot-7-sync", { "policy-hsm": policyKey.publicKeyJwk }, {
      server_url: server.url,
      network: { heartbeat_interval_ms: 50, degraded_rtt_ms: 500, offline_after_missed: 3, reconnect_base_ms: 20, reconnect_cap_ms: 200 },
    });
    const enrolled = await ensureIdentityKey(config);
    enrolled.close();
    server.devices.set(config.device_id, enrolled.publicKeyJwk);

    const runtime = await startRuntime(config);
    cleanup.push(() => runtime.stop());
    await until(() => runtime.device.keeper.seq, (seq) => seq === 1);
    await until(() => server.fleet.get(config.device_id)?.seq, (seq) => seq === 1);
    expect(runtime.status().sync).not.toBeNull();

    // The identity signature is what verifyDeviceChallenge accepts, and only for this key.
    const key = await loadIdentityKey(config);
    try {
      const challenge = { tenant: "acme", device_id: "robot-7", nonce: "A".repeat(43) };
      const signature = await signDeviceChallenge(key!.signer, challenge);
      expect(await verifyDeviceChallenge(enrolled.publicKeyJwk, challenge, signature)).toBe(true);
      expect(await verifyDeviceChallenge(policyKey.publicKeyJwk, challenge, signature)).toBe(false);
    } finally {
      key?.close();
    }
  });

  it("a wrong or missing PIN, or a missing key, stops the start with the token's code", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const server = new ReferenceServer("acme");
    await server.start();
    cleanup.push(() => server.stop());
    const config = tokenConfig(dir, "robot-7-pin", {}, { server_url: server.url });
    (await ensureIdentityKey(config)).close();
    process.env.NETHICAL_TEST_WRONG_PIN = pin === "00000000" ? "11111111" : "00000000";
    try {
      const wrong = { ...config, identity: { pkcs11: { ...config.identity!.pkcs11, pin_env: "NETHICAL_TEST_WRONG_PIN" } } };
      await expect(startRuntime(wrong)).rejects.toMatchObject({ code: "pin_incorrect" });
    } finally {
      delete process.env.NETHICAL_TEST_WRONG_PIN;
    }
    const unset = { ...config, identity: { pkcs11: { ...config.identity!.pkcs11, pin_env: "NETHICAL_TEST_UNSET_PIN" } } };
    await expect(startRuntime(unset)).rejects.toMatchObject({ code: "pin_missing" });
    const missing = { ...config, identity: { pkcs11: { ...config.identity!.pkcs11, key: "not-on-token" } } };
    await expect(loadIdentityKey(missing)).rejects.toMatchObject({ code: "key_not_found" });
  });

  it("a device without identity.pkcs11 loads no native code", () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const root = join(import.meta.dirname, "..", "..");
    const probe = `
      const { parseDeviceConfig } = await import(${JSON.stringify(join(root, "src", "config.ts"))});
      const { ensureIdentityKey } = await import(${JSON.stringify(join(root, "src", "sync", "identity-key.ts"))});
      const key = await ensureIdentityKey(parseDeviceConfig({ tenant: "acme", device_id: "robot-7", data_dir: ${JSON.stringify(dir)} }));
      const maps = (await import("node:fs")).readFileSync("/proc/self/maps", "utf8");
      process.stdout.write(JSON.stringify({ source: key.source, pkcs11: maps.includes("pkcs11.node") }));
    `;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ source: "file", pkcs11: false });
  }, 60_000);
});
