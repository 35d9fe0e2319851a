/**
 * `nethical-edge enroll --config FILE --operator-key KEY [--server URL]`: create the device's Ed25519 key
 * (once; an existing key is reused) and register its public half with `POST /v2/devices
 * {device_id, public_key_jwk, attestation}`, authorised by an operator key (with `attestation.kind: "tpm"` in the
 * config, the TPM attestation key is created and persisted first and its TPM2B_PUBLIC registered). The answer carries the device's own API key
 * (role device: uploads of this device's log only), saved to `<data_dir>/device-api-key` (0600). Prints
 * the device id and public key; neither the private key nor the API key is ever printed.
 */
import { parseArgs } from "node:util";
import { dataPaths, loadDeviceConfig } from "../config.ts";
import { saveDeviceApiKey } from "../sync/device-api-key.ts";
import { ensureIdentityKey } from "../sync/identity-key.ts";
import { ensureAttestationKey } from "../sync/tpm-attestor.ts";
import { base64UrlEncode } from "@nethical/core";
import type { CliIo } from "@nethical/cli/io";

/**
 * The enroll command.
 *
 * @example
 * await enrollCommand(["--config", "device.json", "--operator-key", process.env.NETHICAL_OPERATOR_KEY!], io);
 */
export async function enrollCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: "string" }, "operator-key": { type: "string" }, server: { type: "string" } },
    strict: true,
  });
  if (values.config === undefined) throw new Error("--config FILE is required");
  const config = loadDeviceConfig(values.config);
  const server = values.server ?? config.server_url;
  const operatorKey = values["operator-key"] ?? process.env.NETHICAL_OPERATOR_KEY;
  // The identity key: software (data_dir) or, with identity.pkcs11, created on the token if missing.
  const key = await ensureIdentityKey(config);
  key.close();
  const out: Record<string, unknown> = { device_id: config.device_id, public_key_jwk: key.publicKeyJwk, key_created: key.created, key_source: key.source };
  // With `attestation.kind: "tpm"`: create (once) and persist the attestation key in the TPM; register its public area.
  let attestation: { kind: "software" } | { kind: "tpm"; ak_public: string } = { kind: "software" };
  if (config.attestation?.kind === "tpm") {
    const ak = await ensureAttestationKey(config.attestation);
    attestation = { kind: "tpm", ak_public: base64UrlEncode(ak.publicArea) };
    out.attestation = { kind: "tpm", ak_handle: config.attestation.ak_handle, ak_created: ak.created, ak_public: attestation.ak_public };
  } else {
    out.attestation = { kind: "software" };
  }
  if (server === undefined || operatorKey === undefined) {
    out.registered = false;
    out.hint = "pass --operator-key (or NETHICAL_OPERATOR_KEY) and a server_url to register the key";
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return server === undefined || operatorKey === undefined ? 1 : 0;
  }
  const res = await fetch(new URL("/v2/devices", server), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${operatorKey}` },
    body: JSON.stringify({ device_id: config.device_id, public_key_jwk: key.publicKeyJwk, attestation }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  out.registered = res.ok;
  out.status = res.status;
  if (!res.ok) out.problem = safeJson(text);
  const issued = res.ok ? (safeJson(text) as { api_key?: unknown }).api_key : undefined;
  if (typeof issued === "string") {
    saveDeviceApiKey(dataPaths(config).apiKey, issued);
    out.api_key_saved = dataPaths(config).apiKey;
  }
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return res.ok ? 0 : 1;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 200);
  }
}
