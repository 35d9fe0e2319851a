/**
 * Test helpers for `/v2/sync` in workerd: a device-side WebSocket client with an inbox, connecting through
 * the Worker, enrolling a device key through the API, the hello/challenge/auth handshake, and the policy
 * keys a device pins.
 */
import { expect } from "vitest";
import { encodeSyncMessage, generateSoftwareSigner, parseServerMessage, signDeviceChallenge, type Signer, type SyncServerMessage } from "@nethical/core";
import { exports } from "cloudflare:workers";
import { api, ORIGIN } from "./api.ts";

/** A device-side sync socket with an inbox. */
export class Client {
  readonly inbox: string[] = [];
  /** Policy key-set updates the server sent (`keyset` messages), set aside so `message()` returns the others in order. */
  readonly keysets: Extract<SyncServerMessage, { type: "keyset" }>["keyset"][] = [];
  private waiters: (() => void)[] = [];
  readonly ws: WebSocket;
  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.accept();
    ws.addEventListener("message", (e) => {
      this.inbox.push(String(e.data));
      for (const w of this.waiters.splice(0)) w();
    });
  }
  async next(): Promise<string> {
    for (let i = 0; i < 200 && this.inbox.length === 0; i++) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 25);
      });
    }
    const text = this.inbox.shift();
    if (text === undefined) throw new Error("no message from the server");
    return text;
  }
  async message(): Promise<SyncServerMessage> {
    for (;;) {
      const message = parseServerMessage(await this.next());
      if (message.type !== "keyset") return message;
      this.keysets.push(message.keyset);
    }
  }
  send(message: Parameters<typeof encodeSyncMessage>[0]): void {
    this.ws.send(encodeSyncMessage(message));
  }
}

/**
 * Open `/v2/sync` for `tenant` through the Worker.
 *
 * @example
 * const client = await connect("acme");
 */
export async function connect(tenant: string): Promise<Client> {
  const res = await exports.default.fetch(new Request(`${ORIGIN}/v2/sync?tenant=${tenant}`, { headers: { upgrade: "websocket" } }));
  expect(res.status).toBe(101);
  if (res.webSocket === null) throw new Error("no WebSocket");
  return new Client(res.webSocket);
}

/**
 * Enrol a fresh device key with an operator key; returns its signer.
 *
 * @example
 * const signer = await enrol(keys.operator, "robot-1");
 */
export async function enrol(key: string, deviceId: string): Promise<Signer> {
  const device = await generateSoftwareSigner(deviceId);
  const res = await api("/v2/devices", { key, json: { device_id: deviceId, public_key_jwk: device.publicKeyJwk } });
  expect(res.status).toBe(201);
  expect(JSON.stringify(await res.json())).not.toContain('"d"');
  return device.signer;
}

/**
 * hello → challenge → auth; resolves with the next message (`ready` when accepted).
 *
 * @example
 * await authenticate(client, tenant, "robot-1", signer); // { type: "ready", seq: 1 }
 */
export async function authenticate(client: Client, tenant: string, deviceId: string, signer: Signer, haveSeq = 0, haveControlSeq?: number): Promise<SyncServerMessage> {
  client.send({ type: "hello", device_id: deviceId, have_seq: haveSeq, ...(haveControlSeq !== undefined ? { have_control_seq: haveControlSeq } : {}) });
  const challenge = await client.message();
  if (challenge.type !== "challenge") throw new Error(`expected challenge, got ${challenge.type}`);
  client.send({ type: "auth", signature: await signDeviceChallenge(signer, { tenant, device_id: deviceId, nonce: challenge.nonce }) });
  return client.message();
}

/**
 * The policy public keys a device pins (`GET /v2/policies/keys`).
 *
 * @example
 * const trusted = await trustedKeys(keys.auditor);
 */
export async function trustedKeys(key: string): Promise<Record<string, JsonWebKey>> {
  const body = (await (await api("/v2/policies/keys", { key })).json()) as { keys: { key_id: string; jwk: JsonWebKey }[] };
  return Object.fromEntries(body.keys.map((k) => [k.key_id, k.jwk]));
}
