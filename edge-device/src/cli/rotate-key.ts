/**
 * `nethical-edge rotate-key --config FILE [--server URL]`: rotate the device's identity key with no downtime.
 * A new key is made and persisted as pending (software: `<data_dir>/device-key.next.json`; PKCS#11: a new key
 * on the token named by `<data_dir>/identity-key-label.next`), then `POST /v2/devices/{id}/key` is sent with
 * the device's own API key and proofs by both keys (shared/src/sync/device-key-rotation.ts). Only when the
 * server accepted it (200, or 409 `same_key`: it already holds the new key, e.g. after a lost answer) is the
 * pending key swapped in (atomic rename). A running device picks the new key up at its next connect (the
 * server answers its old key `key_retired`). Prints the thumbprints; never a private key or the API key.
 */
import { parseArgs } from "node:util";
import { ed25519Thumbprint, signDeviceKeyRotation } from "@nethical/core";
import type { CliIo } from "@nethical/cli/io";
import { dataPaths, loadDeviceConfig } from "../config.ts";
import { loadDeviceApiKey } from "../sync/device-api-key.ts";
import { loadIdentityKey } from "../sync/identity-key.ts";
import { discardPendingKey, ensurePendingKey, promotePendingKey } from "../sync/pending-identity-key.ts";

/**
 * The rotate-key command.
 *
 * @example
 * await rotateKeyCommand(["--config", "device.json"], io); // 0 when the server accepted the new key
 */
export async function rotateKeyCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: "string" }, server: { type: "string" } }, strict: true });
  if (values.config === undefined) throw new Error("--config FILE is required");
  const config = loadDeviceConfig(values.config);
  const server = values.server ?? config.server_url;
  if (server === undefined) throw new Error("no server: pass --server URL or set server_url in the config");
  const apiKey = config.api_key ?? loadDeviceApiKey(dataPaths(config).apiKey);
  if (apiKey === undefined) throw new Error("no device API key: enrol the device first (nethical-edge enroll)");
  const current = await loadIdentityKey(config);
  if (current === undefined) throw new Error("the device has no identity key yet: enrol it first (nethical-edge enroll)");
  const pending = await ensurePendingKey(config, current.publicKeyJwk);
  try {
    const body = await signDeviceKeyRotation({ tenant: config.tenant, device_id: config.device_id, oldKey: current.signer, newKey: pending.key.signer, now: Date.now() });
    const res = await fetch(new URL(`/v2/devices/${encodeURIComponent(config.device_id)}/key`, server), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = safeJson(await res.text()) as { code?: string };
    const accepted = res.ok || (res.status === 409 && answer.code === "same_key");
    const out: Record<string, unknown> = {
      device_id: config.device_id,
      status: res.status,
      rotated: accepted,
      new_key_thumbprint: await ed25519Thumbprint(pending.key.publicKeyJwk),
      old_key_thumbprint: await ed25519Thumbprint(current.publicKeyJwk),
      pending_created: pending.created,
      key_source: pending.key.source,
    };
    if (accepted) {
      promotePendingKey(config);
    } else {
      out.problem = answer;
      // A key the server will never take again: forget it, so the next run makes a fresh one.
      if (answer.code === "key_reused") discardPendingKey(config);
      else out.hint = "the current key is kept and the pending key reused by the next rotate-key run";
    }
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return accepted ? 0 : 1;
  } finally {
    current.close();
    pending.key.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { text: text.slice(0, 200) };
  }
}
