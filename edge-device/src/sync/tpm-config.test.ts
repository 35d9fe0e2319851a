/** The device config's `attestation` field: software by default, TPM defaults, and bad TPM settings refused by name. */
import { describe, expect, it } from "vitest";
import { ConfigError, parseDeviceConfig } from "../config.ts";

const base = { tenant: "acme", device_id: "robot-7", data_dir: "/var/lib/nethical" };

describe("attestation config", () => {
  it("is absent by default (software) and fills TPM defaults: /dev/tpmrm0, PCRs 0–7, AK at 0x81010002", () => {
    expect(parseDeviceConfig(base).attestation).toBeUndefined();
    expect(parseDeviceConfig({ ...base, attestation: { kind: "tpm" } }).attestation).toEqual({ kind: "tpm", tcti: "device:/dev/tpmrm0", pcrs: [0, 1, 2, 3, 4, 5, 6, 7], ak_handle: "0x81010002" });
  });

  it("refuses PCRs outside 0–23 or repeated, a non-persistent AK handle, unknown kinds and fields", () => {
    for (const attestation of [
      { kind: "tpm", pcrs: [24] },
      { kind: "tpm", pcrs: [1, 1] },
      { kind: "tpm", pcrs: [] },
      { kind: "tpm", ak_handle: "0x80000001" },
      { kind: "tpm", ak_handle: "0x81010002; rm -rf /" },
      { kind: "sgx" },
      { kind: "tpm", extra: true },
    ]) {
      expect(() => parseDeviceConfig({ ...base, attestation }), JSON.stringify(attestation)).toThrow(ConfigError);
    }
    expect(() => parseDeviceConfig({ ...base, attestation: { kind: "tpm", pcrs: [24] } })).toThrow(/attestation\.pcrs/);
  });
});
