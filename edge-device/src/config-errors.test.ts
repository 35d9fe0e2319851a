import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DeviceConfigSchema, loadDeviceConfig, parseDeviceConfig } from "./config.ts";
import { openDevice } from "./device.ts";
import { tempDir } from "./testing/fixtures.ts";

describe("device config: conservative defaults, clear errors", () => {
  it("fills conservative defaults and resolves data_dir against the config file", () => {
    const c = parseDeviceConfig({ tenant: "acme", device_id: "robot-7", data_dir: "data" }, "/etc/nethical");
    expect(c.data_dir).toBe("/etc/nethical/data");
    expect(c.log).toMatchObject({ synchronous: "FULL", when_full: "fail_closed" });
    expect(c.offline.fail_closed_decision).toBe("BLOCK");
    // 2 MiB of cached answers by default: a 64 MB device's budget (README "Memory and start-up").
    expect(c.decision_cache).toEqual({ enabled: true, entries: 4096, max_mb: 2 });
  });

  it("the device's decision cache holds the configured byte budget", async () => {
    const { dir, remove } = tempDir();
    const device = await openDevice(parseDeviceConfig({ tenant: "acme", device_id: "robot-7", data_dir: dir, decision_cache: { max_mb: 0.5 } }));
    try {
      expect(device.governor.predictive.cache).toMatchObject({ max_bytes: 512 * 1024 });
    } finally {
      device.close();
      remove();
    }
  });

  it("names the bad fields and never echoes secrets", () => {
    expect(() => parseDeviceConfig({ tenant: "acme", device_id: "bad id!", data_dir: "d", api_key: 5, log: { when_full: "drop" } })).toThrow(
      /device_id.*(api_key|log\.when_full)/,
    );
    const { dir, remove } = tempDir();
    const file = join(dir, "device.json");
    writeFileSync(file, '{"tenant": "acme", "api_key": "nk_secret_value"');
    try {
      loadDeviceConfig(file);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain("nk_secret_value");
    }
    expect(() => loadDeviceConfig(join(dir, "missing.json"))).toThrow(/ENOENT/);
    remove();
  });
});

describe("the sample device.json (edge-device/device.example.json)", () => {
  const dir = join(import.meta.dirname, "..");
  const file = join(dir, "device.example.json");
  const sample = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;

  it("is accepted by the real config loader, with a trusted key and data_dir relative to the file", () => {
    const config = loadDeviceConfig(file);
    expect(config.data_dir).toBe(join(dir, "nethical-data"));
    expect(Object.keys(config.trusted_keys)).toEqual(["policy-2026-01"]);
    expect(config.trusted_keys["policy-2026-01"]).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    expect(config.server_url).toBe("https://nethical.example.com");
  });

  // Left out on purpose: api_key (enrolment issues one), identity (the software key is the default; a
  // PKCS#11 identity key is an opt-in, shown in edge-device/README.md "Identity key on a PKCS#11 token") and
  // attestation (software is the default; TPM is an opt-in, shown in edge-device/README.md "TPM attestation").
  it("names every field the parser accepts (api_key, identity and attestation left out on purpose), with the defaults as values", () => {
    const defaults = parseDeviceConfig({ tenant: "t", device_id: "d", data_dir: "/x" }) as unknown as Record<string, unknown>;
    expect(Object.keys(sample).sort()).toEqual(Object.keys(DeviceConfigSchema.shape).filter((k) => k !== "api_key" && k !== "identity" && k !== "attestation").sort());
    for (const section of ["http", "offline", "network", "log", "upload"]) expect(sample[section], section).toEqual(defaults[section]);
  });

  it("is the commented listing in edge-device/README.md, comments removed", () => {
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    const listing = /```jsonc\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(listing).toBeDefined();
    expect(JSON.parse((listing as string).replace(/\s+\/\/ .*$/gm, ""))).toEqual(sample);
  });
});
