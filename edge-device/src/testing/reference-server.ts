/**
 * A reference server for device tests: the `/v2/sync` protocol (shared/src/sync, with core's codec and
 * verifyDeviceChallenge) and an idempotent `POST /v2/audit/ingest`, over real HTTP and WebSocket (`ws`)
 * on 127.0.0.1. It stands in for the Worker + PolicyStore while those endpoints are being built; the
 * device code under test is the production code. It can go away and come back on the same port
 * (partition tests) while keeping its state.
 */
import { createServer, type Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import {
  encodeSyncMessage,
  newChallengeNonce,
  parseAuditEvent,
  parseClientMessage,
  PONG_TEXT,
  verifyDeviceChallenge,
  type SyncServerMessage,
} from "@nethical/core";

interface Session {
  phase: "new" | "challenged" | "ready";
  deviceId: string | null;
  nonce: string | null;
  sentSeq: number;
}

/** What the hub recorded about a device (what GET /v2/fleet lists). */
export interface DeviceRecord {
  device_id: string;
  last_seen: number;
  mode: string | null;
  seq: number;
  hash: string | null;
}

export class ReferenceServer {
  readonly tenant: string;
  port = 0;
  /** Ingested events by event_id (idempotent). */
  readonly events = new Map<string, unknown>();
  duplicates = 0;
  ingestRequests = 0;
  readonly devices = new Map<string, JsonWebKey>();
  readonly fleet = new Map<string, DeviceRecord>();
  active: Record<string, unknown> | null = null;
  #http: Server | undefined;
  #wss: WebSocketServer | undefined;
  readonly #sessions = new Map<WebSocket, Session>();

  constructor(tenant: string) {
    this.tenant = tenant;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Listen (again) on the same port.
   *
   * @example
   * await server.start();
   */
  async start(): Promise<void> {
    const http = createServer((req, res) => {
      if (req.method === "POST" && req.url === "/v2/audit/ingest") {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          this.ingestRequests++;
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { events: unknown[] };
          let accepted = 0;
          for (const e of body.events) {
            const parsed = parseAuditEvent(e);
            if (!parsed.ok) {
              res.writeHead(422, { "content-type": "application/problem+json" }).end(JSON.stringify({ detail: parsed.reason }));
              return;
            }
            if (this.events.has(parsed.event.event_id)) this.duplicates++;
            else {
              this.events.set(parsed.event.event_id, parsed.event);
              accepted++;
            }
          }
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ accepted }));
        });
        return;
      }
      res.writeHead(404).end();
    });
    const wss = new WebSocketServer({ noServer: true });
    http.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/v2/sync")) return socket.destroy();
      wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
    });
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(this.port, "127.0.0.1", () => resolve());
    });
    const address = http.address();
    if (typeof address === "object" && address !== null) this.port = address.port;
    this.#http = http;
    this.#wss = wss;
  }

  /**
   * Go away: drop every connection (a partition, from the device's point of view). State is kept.
   *
   * @example
   * await server.stop();
   */
  async stop(): Promise<void> {
    for (const ws of this.#sessions.keys()) ws.terminate();
    this.#sessions.clear();
    this.#wss?.close();
    const http = this.#http;
    this.#http = undefined;
    if (http !== undefined) {
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    }
  }

  /**
   * Make `bundle` active and push it to every ready device.
   *
   * @example
   * server.publish(await signer.bundle(2));
   */
  publish(bundle: Record<string, unknown>): void {
    this.active = bundle;
    for (const [ws, s] of this.#sessions) this.#push(ws, s, "bundle");
  }

  /** Push a bundle without making it active (tampered / rolled-back test bundles). */
  pushRaw(bundle: Record<string, unknown>): void {
    for (const [ws, s] of this.#sessions) if (s.phase === "ready") this.#send(ws, { type: "bundle", bundle } as SyncServerMessage);
  }

  #send(ws: WebSocket, message: SyncServerMessage): void {
    ws.send(encodeSyncMessage(message));
  }

  #push(ws: WebSocket, s: Session, type: "snapshot" | "bundle"): void {
    const b = this.active;
    if (s.phase !== "ready" || b === null || (b.seq as number) <= s.sentSeq) return;
    this.#send(ws, { type, bundle: b } as SyncServerMessage);
    s.sentSeq = b.seq as number;
  }

  #accept(ws: WebSocket): void {
    const s: Session = { phase: "new", deviceId: null, nonce: null, sentSeq: 0 };
    this.#sessions.set(ws, s);
    ws.on("close", () => this.#sessions.delete(ws));
    ws.on("message", async (data) => {
      const text = data.toString("utf8");
      if (text === '{"type":"ping"}') return void ws.send(PONG_TEXT);
      let m;
      try {
        m = parseClientMessage(text);
      } catch {
        return this.#send(ws, { type: "error", code: "bad_message", message: "invalid message" });
      }
      if (m.type === "hello" && s.phase === "new") {
        s.phase = "challenged";
        s.deviceId = m.device_id;
        s.nonce = newChallengeNonce();
        s.sentSeq = m.have_seq;
        return this.#send(ws, { type: "challenge", nonce: s.nonce });
      }
      if (m.type === "auth" && s.phase === "challenged" && s.deviceId !== null && s.nonce !== null) {
        const key = this.devices.get(s.deviceId);
        const ok = key !== undefined && (await verifyDeviceChallenge(key, { tenant: this.tenant, device_id: s.deviceId, nonce: s.nonce }, m.signature));
        if (!ok) {
          this.#send(ws, { type: "error", code: key === undefined ? "unknown_device" : "bad_signature", message: "refused" });
          return ws.close(1008);
        }
        s.phase = "ready";
        this.#send(ws, { type: "ready", seq: (this.active?.seq as number | undefined) ?? 0 });
        this.#touch(s.deviceId, {});
        return this.#push(ws, s, "snapshot");
      }
      if (m.type === "ack" && s.phase === "ready" && s.deviceId !== null) {
        return this.#touch(s.deviceId, { seq: m.seq, mode: m.mode ?? null, hash: m.hash ?? null });
      }
      this.#send(ws, { type: "error", code: "protocol", message: "unexpected message" });
    });
  }

  #touch(deviceId: string, facts: Partial<DeviceRecord>): void {
    const prev = this.fleet.get(deviceId) ?? { device_id: deviceId, last_seen: 0, mode: null, seq: 0, hash: null };
    this.fleet.set(deviceId, { ...prev, ...facts, last_seen: Date.now() });
  }
}
