import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadDeviceConfig, parseDeviceConfig } from "./config.ts";
import { tempDir } from "./testing/fixtures.ts";

describe("device config: conservative defaults, clear errors", () => {
  it("fills conservative defaults and resolves data_dir against the config file", () => {
    const c = parseDeviceConfig({ tenant: "acme", device_id: "robot-7", data_dir: "data" }, "/etc/nethical");
    expect(c.data_dir).toBe("/etc/nethical/data");
    expect(c.log).toMatchObject({ synchronous: "FULL", when_full: "fail_closed" });
    expect(c.offline.fail_closed_decision).toBe("BLOCK");
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

describe("the sample device.json", () => {
  it("is a valid config for the real parser, with every section and a trusted key", () => {
    const file = join(import.meta.dirname, "..", "device.example.json");
    const config = parseDeviceConfig(JSON.parse(readFileSync(file, "utf8")), "/opt/nethical");
    expect(config.data_dir).toBe("/opt/nethical/nethical-data");
    expect(Object.keys(config.trusted_keys)).toEqual(["policy-2026-01"]);
    expect(config.offline.fail_closed_decision).toBe("BLOCK");
    expect(config.log.synchronous).toBe("FULL");
  });
});
