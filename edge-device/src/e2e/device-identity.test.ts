/**
 * Device identity key rotation and device revocation end to end with real processes: the Worker under
 * `wrangler dev` and the device as its own Node process on the real `/v2/sync`.
 *
 *   `nethical-edge rotate-key` (its own process) → the server accepts the new key; the running device keeps
 *   syncing (a new bundle arrives); restarted, it authenticates with the new key; the old key is refused
 *   `key_retired` → a crash between the server's acceptance and the swap (pending key left, old key current
 *   on disk): the restarted device is refused `key_retired`, promotes its pending key and is back ONLINE →
 *   revocation: the device's session is closed with `device_revoked`, its reconnects are refused with it,
 *   and its API key no longer uploads its log.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  encodeSyncMessage,
  generateSoftwareSigner,
  parseServerMessage,
  signDeviceChallenge,
  signDeviceKeyRotation,
  softwareSignerFromJwk,
  type Signer,
  type SyncServerMessage,
} from "@nethical/core";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { dataPaths, parseDeviceConfig } from "../config.ts";
import { rotationPaths } from "../sync/pending-identity-key.ts";
import { writeFileAtomic } from "../sync/bundle-file.ts";
import { NODE_BINARY } from "../testing/device-process.ts";
import { until } from "../testing/until.ts";
import { startWorkerDeviceStack, type WorkerDeviceStack } from "../testing/worker-device-stack.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const DEVICE = "e2e-robot-k";

let stack: WorkerDeviceStack;
beforeAll(async () => {
  stack = await startWorkerDeviceStack("devid", DEVICE);
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

function config() {
  return parseDeviceConfig(JSON.parse(readFileSync(stack.configFile, "utf8")));
}

async function fileSigner(file: string): Promise<Signer> {
  return softwareSignerFromJwk(DEVICE, JSON.parse(readFileSync(file, "utf8")) as JsonWebKey);
}

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(NODE_BINARY, [join(ROOT, "edge-device", "bin", "nethical-edge.js"), ...args], { cwd: ROOT });
    let out = "";
    p.stdout.on("data", (c) => (out += c));
    p.stderr.on("data", (c) => (out += c));
    p.on("exit", (code) => resolve({ code, out }));
  });
}

/** hello → challenge → auth with `signer` on a fresh socket; the server's answer (ready or error). */
async function authenticateWith(signer: Signer): Promise<SyncServerMessage> {
  const url = new URL(`/v2/sync?tenant=${stack.tenant}&v=1`, stack.worker.url);
  url.protocol = "ws:";
  const ws = new WebSocket(url);
  const inbox: SyncServerMessage[] = [];
  let wake: () => void = () => undefined;
  ws.addEventListener("message", (e) => {
    const message = parseServerMessage(String(e.data));
    if (message.type !== "keyset") inbox.push(message);
    wake();
  });
  const next = async () => {
    for (let i = 0; i < 100 && inbox.length === 0; i++) await new Promise<void>((r) => ((wake = r), setTimeout(r, 50)));
    const m = inbox.shift();
    if (m === undefined) throw new Error("no message from the server");
    return m;
  };
  await new Promise((r, j) => (ws.addEventListener("open", r), ws.addEventListener("error", j)));
  ws.send(encodeSyncMessage({ type: "hello", device_id: DEVICE, have_seq: 0 }));
  const challenge = await next();
  if (challenge.type !== "challenge") throw new Error(`expected challenge, got ${challenge.type}`);
  ws.send(encodeSyncMessage({ type: "auth", signature: await signDeviceChallenge(signer, { tenant: stack.tenant, device_id: DEVICE, nonce: challenge.nonce }) }));
  const answer = await next();
  ws.close();
  return answer;
}

async function publishPolicy(label: string): Promise<number> {
  const current = await stack.call("/v2/policies/active?include=policy", stack.keys.operator);
  const published = await stack.call("/v2/policies/active", stack.keys.operator, { ...current.policy, name: `identity-${label}` }, "PUT");
  return published.seq as number;
}

describe("device identity key rotation and revocation with wrangler dev and a device process", () => {
  it("rotate-key: the running device keeps syncing, restarts on the new key, the old key is refused key_retired", async () => {
    const keyFile = dataPaths(config()).deviceKey;
    const oldKey = await fileSigner(keyFile);
    const before = await stack.call(`/v2/devices/${DEVICE}`, stack.keys.operator);

    const startedAt = performance.now();
    const rotated = await cli(["rotate-key", "--config", stack.configFile]);
    const rotateMs = performance.now() - startedAt;
    expect(rotated.code, rotated.out).toBe(0);
    const out = JSON.parse(rotated.out) as { rotated: boolean; new_key_thumbprint: string; old_key_thumbprint: string };
    expect(out).toMatchObject({ rotated: true, old_key_thumbprint: before.key_thumbprint });
    expect(rotated.out).not.toMatch(/"d"|api_key"/);
    expect(existsSync(rotationPaths(config()).pendingKey)).toBe(false);
    const record = await stack.call(`/v2/devices/${DEVICE}`, stack.keys.auditor);
    expect(record.key_thumbprint).toBe(out.new_key_thumbprint);
    expect(record.previous_keys).toEqual([expect.objectContaining({ key_thumbprint: before.key_thumbprint })]);

    // No downtime: the open session carries on and the next bundle arrives.
    const seq = await publishPolicy("after-rotation");
    await until(stack.status, (s) => s.bundle.seq === seq && s.sync.authenticated === true, 15_000);
    console.log(JSON.stringify({ measured: "rotate-key process (node start, key, request, swap)", ms: Math.round(rotateMs) }));

    // Restarted, the device authenticates with the new key and gets the next bundle.
    await stack.stopDevice();
    await stack.startDevice();
    const seq2 = await publishPolicy("after-restart");
    await until(stack.status, (s) => s.bundle.seq === seq2 && s.mode === "ONLINE", 15_000);
    expect((await stack.status()).sync.last_error ?? "").not.toMatch(/key_retired|bad_signature/);

    expect(await authenticateWith(oldKey)).toMatchObject({ type: "error", code: "key_retired" });
    expect(await authenticateWith(await fileSigner(keyFile))).toMatchObject({ type: "ready" });
  }, 120_000);

  it("a crash between the server's acceptance and the swap: the restarted device is refused key_retired, promotes its pending key, is back online", async () => {
    const c = config();
    await stack.stopDevice();
    // What rotate-key leaves behind when it dies after the server accepted: the pending key, the old key still current on disk.
    const current = await fileSigner(dataPaths(c).deviceKey);
    const next = await generateSoftwareSigner(DEVICE);
    writeFileAtomic(rotationPaths(c).pendingKey, JSON.stringify(next.privateKeyJwk), 0o600);
    const apiKey = readFileSync(dataPaths(c).apiKey, "utf8").trim();
    const body = await signDeviceKeyRotation({ tenant: stack.tenant, device_id: DEVICE, oldKey: current, newKey: next.signer, now: Date.now() });
    await stack.call(`/v2/devices/${DEVICE}/key`, apiKey, body);

    await stack.startDevice();
    const seq = await publishPolicy("after-crash");
    await until(stack.status, (s) => s.bundle.seq === seq && s.mode === "ONLINE" && s.sync.authenticated === true, 20_000);
    expect(existsSync(rotationPaths(c).pendingKey)).toBe(false);
    expect((await fileSigner(dataPaths(c).deviceKey).then((s) => s.publicKey())).x).toBe(next.publicKeyJwk.x);
    expect(await authenticateWith(current)).toMatchObject({ type: "error", code: "key_retired" });
  }, 120_000);

  it("revocation closes the device's session, refuses its reconnects with device_revoked, and its API key no longer uploads", async () => {
    const c = config();
    const apiKey = readFileSync(dataPaths(c).apiKey, "utf8").trim();
    const revokeAt = performance.now();
    const revoked = await stack.call(`/v2/devices/${DEVICE}/revoke`, stack.keys.operator, { reason: "e2e: device reported stolen" });
    const answeredMs = performance.now() - revokeAt;
    expect(revoked).toMatchObject({ changed: true, sessions_closed: 1 });
    expect(revoked.revoked_key_ids).toHaveLength(1);
    const s = await until(stack.status, (st) => st.sync.authenticated === false && /device_revoked/.test(st.sync.last_error ?? ""), 15_000);
    expect(s.sync.last_error).toMatch(/^device_revoked/);
    console.log(JSON.stringify({ measured: "revoke: route answered / device status shows device_revoked (status polled every 25 ms)", answered_ms: Math.round(answeredMs), device_saw_ms: Math.round(performance.now() - revokeAt) }));
    // Reconnects (backoff 100 ms – 1 s) keep being refused with the same code.
    const attemptsBefore = s.sync.attempts;
    const later = await until(stack.status, (st) => st.sync.attempts >= attemptsBefore + 2, 15_000);
    expect(later.sync.authenticated).toBe(false);
    expect(later.sync.last_error).toMatch(/^device_revoked/);
    expect(await authenticateWith(await fileSigner(dataPaths(c).deviceKey))).toMatchObject({ type: "error", code: "device_revoked" });

    // The device's own API key: its log no longer uploads.
    const upload = await fetch(`${stack.worker.url}/v2/audit/ingest`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ events: [sampleAuditEvent(1, { tenant: stack.tenant, source: "device", device_id: DEVICE, event_id: `e2e-${crypto.randomUUID()}` })] }),
    });
    expect(upload.status).toBe(401);
    await stack.evaluateOnDevice({ agent_id: "arm-1", action: "read the weather forecast", action_type: "query" });
    const uploads = await until(stack.status, (st) => st.upload.last_status === 401, 15_000);
    expect(uploads.upload.last_status).toBe(401);
    const fleet = await stack.call("/v2/fleet", stack.keys.operator);
    expect(fleet.devices.find((d: { device_id: string }) => d.device_id === DEVICE)).toMatchObject({ connected: false, revoked: { reason: "e2e: device reported stolen" } });
  }, 120_000);
});
