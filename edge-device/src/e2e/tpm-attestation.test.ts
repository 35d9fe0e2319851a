/**
 * TPM attestation end to end with real parts only: swtpm (one per TPM, its own state), tpm2-tools, the Worker
 * under `wrangler dev` (workerd, the PolicyStore Durable Object, KV) and the device as its own Node process,
 * enrolled with `nethical-edge enroll` (which creates and persists the AK in the TPM) and synced over
 * `/v2/sync` with a quote in every `auth`. Shown: enrolment records the AK; a good quote is accepted and the
 * bundle delivered; a quote replayed from an earlier nonce is refused; a cloned device (same identity key,
 * another TPM with its own AK) is refused and gets no bundle; a software device is refused once the PCR
 * policy requires a TPM; a PCR extended after the policy was set is refused; `/v2/fleet` shows each state.
 */
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSyncMessage, generateSoftwareSigner, parseAkPublic, parseServerMessage, signDeviceChallenge, type SyncServerMessage, type TpmQuote } from "@nethical/core";
import { loadDeviceKey } from "../sync/device-key.ts";
import { syncUrl } from "../sync/sync-client.ts";
import { ensureAttestationKey, tpmQuote, type TpmAttestationConfig } from "../sync/tpm-attestor.ts";
import { runTpm2 } from "../sync/tpm2-tools.ts";
import { spawnDevice, writeConfig, type DeviceProcess } from "../testing/device-process.ts";
import { tempDir } from "../testing/fixtures.ts";
import { startSwtpm, swtpmAvailable, type Swtpm } from "../testing/swtpm.ts";
import { until } from "../testing/until.ts";
import { startWorkerDeviceStack, type WorkerDeviceStack } from "../testing/worker-device-stack.ts";

const HAVE = swtpmAvailable();
const DEVICE = "tpm-device-1";
const PCRS = [0, 1, 2, 3, 16];

/** One sync attempt from the test process: hello, answer the challenge with `answer`, return what came next. */
async function syncAttempt(server: string, tenant: string, deviceId: string, answer: (nonce: string) => Promise<{ signature: string; quote?: TpmQuote }>): Promise<SyncServerMessage> {
  const socket = new WebSocket(syncUrl(server, tenant));
  try {
    return await new Promise<SyncServerMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no answer within 15 s")), 15_000);
      socket.addEventListener("open", () => socket.send(encodeSyncMessage({ type: "hello", device_id: deviceId, have_seq: 0 })));
      socket.addEventListener("error", () => reject(new Error("socket error")));
      socket.addEventListener("message", (event) => {
        const message = parseServerMessage(event.data);
        if (message.type === "challenge") {
          answer(message.nonce).then((auth) => socket.send(encodeSyncMessage({ type: "auth", ...auth })), reject);
          return;
        }
        clearTimeout(timer);
        resolve(message);
      });
    });
  } finally {
    socket.close();
  }
}

describe.skipIf(!HAVE)("TPM attestation: swtpm, tpm2-tools, wrangler dev and device processes", () => {
  let tpm: Swtpm;
  let otherTpm: Swtpm;
  let stack: WorkerDeviceStack;
  let attestation: TpmAttestationConfig;
  let dataDir: string;
  const work = tempDir("nethical-tpm-e2e-");
  const fleetEntry = async (id: string) => ((await stack.call("/v2/fleet", stack.keys.auditor)).devices as any[]).find((d) => d.device_id === id);

  beforeAll(async () => {
    [tpm, otherTpm] = await Promise.all([startSwtpm(), startSwtpm()]);
    attestation = { tcti: tpm.tcti, pcrs: PCRS, ak_handle: "0x81010002" };
    // Enrolment (nethical-edge enroll) creates the AK in the TPM; the device then syncs with quotes.
    stack = await startWorkerDeviceStack("tpm", DEVICE, { attestation: { kind: "tpm", ...attestation } });
    dataDir = (JSON.parse(readFileSync(stack.configFile, "utf8")) as { data_dir: string }).data_dir;
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await Promise.all([tpm?.stop(), otherTpm?.stop()]);
    work.remove();
  });

  it("enrolment recorded the TPM's AK; the device's quotes verify and its bundle is delivered; the fleet says verified", async () => {
    const record = await stack.call(`/v2/devices/${DEVICE}`, stack.keys.auditor);
    const ak = parseAkPublic((await ensureAttestationKey(attestation)).publicArea);
    expect(record.attestation).toMatchObject({ mode: "tpm", ak: { alg: "ecdsa-p256-sha256", jwk: ak.jwk } });
    const status = await stack.status();
    expect(status.sync.authenticated).toBe(true);
    expect(status.bundle.seq).toBeGreaterThanOrEqual(1);
    const entry = await fleetEntry(DEVICE);
    expect(entry.attestation).toMatchObject({ mode: "tpm", state: "verified", last_failure: null });
    expect(typeof entry.attestation.verified_at).toBe("string");
  });

  it("with a PCR policy matching the device it still syncs; a quote replayed from an earlier nonce is refused", async () => {
    const values = (await tpmQuote(attestation, { tenant: stack.tenant, device_id: DEVICE, nonce: "x".repeat(43) })).pcrs;
    await stack.call("/v2/attestation/pcr-policy", stack.keys.operator, { pcrs: values, require_tpm: true }, "PUT");
    expect(await stack.call("/v2/attestation/pcr-policy", stack.keys.auditor)).toMatchObject({ pcrs: values, require_tpm: true });
    await stack.stopDevice();
    await stack.startDevice();
    expect((await stack.status()).sync.authenticated).toBe(true);
    await stack.stopDevice();

    const key = await loadDeviceKey(join(dataDir, "device-key.json"), DEVICE);
    if (key === undefined) throw new Error("the device key is missing");
    const challenge = (nonce: string) => ({ tenant: stack.tenant, device_id: DEVICE, nonce });
    let earlier: TpmQuote | undefined;
    const first = await syncAttempt(stack.worker.url, stack.tenant, DEVICE, async (nonce) => {
      earlier = await tpmQuote(attestation, challenge(nonce));
      return { signature: await signDeviceChallenge(key.signer, challenge(nonce)), quote: earlier };
    });
    expect(first.type).toBe("ready");
    const replayed = await syncAttempt(stack.worker.url, stack.tenant, DEVICE, async (nonce) => ({ signature: await signDeviceChallenge(key.signer, challenge(nonce)), quote: earlier as TpmQuote }));
    expect(replayed).toMatchObject({ type: "error", code: "quote_nonce_mismatch" });
    // No quote at all from a TPM-enrolled device:
    const bare = await syncAttempt(stack.worker.url, stack.tenant, DEVICE, async (nonce) => ({ signature: await signDeviceChallenge(key.signer, challenge(nonce)) }));
    expect(bare).toMatchObject({ type: "error", code: "attestation_required" });
    expect((await fleetEntry(DEVICE)).attestation).toMatchObject({ state: "failed", last_failure: { code: "attestation_required" } });
  }, 90_000);

  it("a cloned device (same identity key and id, another TPM with its own AK) is refused and gets no bundle", async () => {
    const cloneAttestation = { ...attestation, tcti: otherTpm.tcti };
    await ensureAttestationKey(cloneAttestation); // the attacker makes an AK on their own TPM
    const cloneData = join(work.dir, "clone");
    mkdirSync(cloneData);
    for (const file of ["device-key.json", "device-api-key"]) cpSync(join(dataDir, file), join(cloneData, file));
    const config = JSON.parse(readFileSync(stack.configFile, "utf8")) as Record<string, unknown>;
    const cloneConfig = writeConfig(join(work.dir, "clone.json"), { ...config, data_dir: cloneData, attestation: { kind: "tpm", ...cloneAttestation } });
    let clone: DeviceProcess | undefined;
    try {
      clone = await spawnDevice(cloneConfig);
      const url = clone.url;
      const status = await until(async () => (await fetch(`${url}/status`)).json() as Promise<any>, (s) => /quote_bad_signature/.test(s.sync?.last_error ?? ""), 20_000);
      expect(status.sync.authenticated).toBe(false);
      expect(status.bundle.seq).toBe(0);
      expect((await fleetEntry(DEVICE)).attestation).toMatchObject({ state: "failed", last_failure: { code: "quote_bad_signature" } });
    } finally {
      await clone?.kill("SIGTERM");
    }
  }, 60_000);

  it("a software-attested device is refused while the PCR policy requires a TPM; the fleet says software otherwise", async () => {
    const soft = await generateSoftwareSigner("soft-device");
    await stack.call("/v2/devices", stack.keys.operator, { device_id: "soft-device", public_key_jwk: soft.publicKeyJwk });
    const challenge = (nonce: string) => ({ tenant: stack.tenant, device_id: "soft-device", nonce });
    const answer = async (nonce: string) => ({ signature: await signDeviceChallenge(soft.signer, challenge(nonce)) });
    expect(await syncAttempt(stack.worker.url, stack.tenant, "soft-device", answer)).toMatchObject({ type: "error", code: "attestation_required" });
    const values = (await stack.call("/v2/attestation/pcr-policy", stack.keys.auditor)).pcrs;
    await stack.call("/v2/attestation/pcr-policy", stack.keys.operator, { pcrs: values, require_tpm: false }, "PUT");
    expect((await syncAttempt(stack.worker.url, stack.tenant, "soft-device", answer)).type).toBe("ready");
    const entry = await fleetEntry("soft-device");
    expect(entry.attestation).toMatchObject({ mode: "software", state: "software", last_failure: { code: "attestation_required" } });
    expect(entry.attestation.summary).toMatch(/^software \(development only/);
  }, 60_000);

  it("a PCR extended after the policy was set: the device is refused (quote_pcr_mismatch), gets no policy, and the fleet shows it", async () => {
    await runTpm2(tpm.tcti, "tpm2_pcrextend", [`16:sha256=${"5a".repeat(32)}`]);
    // A new policy is published while the device is away: it must not reach the refused device.
    const current = await stack.call("/v2/policies/active?include=policy", stack.keys.operator);
    const published = await stack.call("/v2/policies/active", stack.keys.operator, { ...current.policy, name: `${current.policy.name}-after-extend` }, "PUT");
    const device = await spawnDevice(stack.configFile);
    try {
      const status = await until(async () => (await fetch(`${device.url}/status`)).json() as Promise<any>, (s) => /quote_pcr_mismatch/.test(s.sync?.last_error ?? ""), 20_000);
      expect(status.sync.authenticated).toBe(false);
      expect(status.bundle.seq).toBeLessThan(published.seq);
    } finally {
      await device.kill("SIGTERM");
    }
    const entry = await fleetEntry(DEVICE);
    expect(entry.attestation).toMatchObject({ mode: "tpm", state: "failed", last_failure: { code: "quote_pcr_mismatch" } });
    expect(entry.attestation.last_failure.message).toMatch(/PCR 16/);
  }, 90_000);
});
