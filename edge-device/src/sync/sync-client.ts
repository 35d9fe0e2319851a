/**
 * The WebSocket sync client (`/v2/sync`, protocol in shared/src/sync/README.md): hello (with its seq, so
 * the server resumes from there and sends nothing the device already has) → challenge → auth (Ed25519
 * device key) → ready → keyset (policy key-set updates, verified by the KeySetKeeper, installed, then acked) → snapshot/bundle (verified by the BundleKeeper, persisted, then acked) →
 * heartbeats. Feeds the network monitor (connected, ping, pong) and the freshness clock, reports mode
 * and active bundle in acks, and reconnects with capped exponential backoff and full jitter.
 *
 * The socket is `ws`'s, not Node's global `WebSocket`: that one is undici's, and loading it (with `fetch`)
 * costs the device ~11 MB of anonymous memory and ~5 MB of its binary's pages, more than the 64 MB budget
 * can spare (README "Memory and start-up"); `ws` is pure JavaScript, as the device must be. It is loaded
 * when the client first connects, so a device that never syncs never loads it (nor the TLS and zlib
 * modules it needs).
 */
import type WebSocket from "ws";
import {
  PING_TEXT,
  encodeSyncMessage,
  parseServerMessage,
  signDeviceChallenge,
  type Signer,
  type SyncClientMessage,
  type SyncErrorCode,
  type SyncServerMessage,
} from "@nethical/core";
import { acceptBundle, type Device } from "../device.ts";
import type { Mode } from "../governor/mode.ts";
import { backoffDelay } from "../net/backoff.ts";
import type { Attestor } from "./attestor.ts";

/**
 * The largest sync message the device takes, in bytes (a bundle: the Worker takes policies up to 1 MiB of
 * JSON): a bigger frame closes the socket (1009) instead of being buffered on a small device.
 */
export const MAX_SYNC_MESSAGE_BYTES = 8 * 1024 * 1024;

let wsModule: Promise<typeof import("ws")> | undefined;
// `ws`'s named export: its ES module wrapper and its CommonJS index (the snapshot's build) both have it.
const loadWebSocket = async () => (await (wsModule ??= import("ws"))).WebSocket;

export interface SyncClientOptions {
  /** The Worker's base URL (http/https; ws/wss is derived). */
  serverUrl: string;
  signer: Signer;
  attestor?: Attestor;
  /** Sent as `authorization: Bearer …` on the upgrade when set. */
  apiKey?: string;
  /** Re-send the status ack at least this often (ms). */
  statusEveryMs?: number;
  /** Give up an opening handshake (TCP, TLS, upgrade) after this long and reconnect (ms; default 10 s). */
  handshakeTimeoutMs?: number;
  /** Called with each `error` the server sends (e.g. `key_retired`: the runtime swaps to the rotated key before the reconnect). */
  onServerError?: (code: SyncErrorCode, message: string) => Promise<void>;
}

/** What the client knows, for status. */
export interface SyncState {
  connected: boolean;
  authenticated: boolean;
  server_seq: number | null;
  attempts: number;
  last_error: string | null;
  last_refusal: { code: string; message: string } | null;
  /** The last fleet control refused (signature, tenant, order), or null. */
  last_control_refusal: { code: string; message: string } | null;
  /** The policy key-set version the device trusts (0 = pinned trusted_keys), and the last update it refused. */
  keyset_version: number;
  last_keyset_refusal: { code: string; message: string } | null;
}

/**
 * The `/v2/sync` URL for a server base URL and tenant.
 *
 * @example
 * syncUrl("https://api.example.com", "acme"); // "wss://api.example.com/v2/sync?tenant=acme&v=1"
 */
export function syncUrl(serverUrl: string, tenant: string): string {
  const url = new URL("/v2/sync", serverUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("tenant", tenant);
  url.searchParams.set("v", "1");
  return url.toString();
}

export class SyncClient {
  readonly #device: Device;
  readonly #o: SyncClientOptions;
  readonly #state: SyncState = { connected: false, authenticated: false, server_seq: null, attempts: 0, last_error: null, last_refusal: null, last_control_refusal: null, keyset_version: 0, last_keyset_refusal: null };
  #socket: WebSocket | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #queue: Promise<void> = Promise.resolve();
  #stopped = true;
  #reportedMode: Mode | undefined;
  #reportedAt = 0;

  /**
   * @example
   * const sync = new SyncClient(device, { serverUrl: "https://api.example.com", signer: key.signer });
   * sync.start();
   */
  constructor(device: Device, options: SyncClientOptions) {
    this.#device = device;
    this.#o = options;
  }

  /** A copy of the client's state. */
  get state(): SyncState {
    return { ...this.#state, keyset_version: this.#device.keySets.version };
  }

  /**
   * Connect (and keep reconnecting until stop).
   *
   * @example
   * sync.start();
   */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const interval = this.#device.config.network.heartbeat_interval_ms;
    this.#timer = setInterval(() => this.#tick(), interval);
    this.#timer.unref?.();
    this.#connect();
  }

  /**
   * Close the socket and stop reconnecting.
   *
   * @example
   * await sync.stop();
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#retry);
    this.#socket?.close(1000, "device stopping");
    this.#socket = undefined;
    this.#device.monitor.disconnected();
    await this.#queue;
  }

  #connect(): void {
    if (this.#stopped) return;
    loadWebSocket().then(
      (WebSocketClass) => this.#open(WebSocketClass),
      (error: unknown) => {
        this.#state.last_error = `connect: ${(error as Error).message}`;
        this.#scheduleReconnect();
      },
    );
  }

  #open(WebSocketClass: typeof WebSocket): void {
    if (this.#stopped) return;
    const headers: Record<string, string> = this.#o.apiKey === undefined ? {} : { authorization: `Bearer ${this.#o.apiKey}` };
    let socket: WebSocket;
    try {
      // No permessage-deflate: a zlib context per socket costs memory a small device does not have to spare.
      socket = new WebSocketClass(syncUrl(this.#o.serverUrl, this.#device.config.tenant), {
        headers,
        perMessageDeflate: false,
        maxPayload: MAX_SYNC_MESSAGE_BYTES,
        handshakeTimeout: this.#o.handshakeTimeoutMs ?? 10_000,
      });
    } catch (error) {
      this.#state.last_error = `connect: ${(error as Error).message}`;
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.on("open", () => {
      this.#state.connected = true;
      this.#enqueue(async () => {
        const attestation = await this.#o.attestor?.attest();
        this.#send(socket, {
          type: "hello",
          device_id: this.#device.config.device_id,
          have_seq: this.#device.keeper.seq,
          have_control_seq: this.#device.controls.seq,
          have_keyset_version: this.#device.keySets.version,
          ...(attestation !== undefined ? { attestation } : {}),
        });
      });
    });
    socket.on("message", (data, isBinary) => {
      // The protocol is text frames; a binary frame goes to the parser as bytes, which refuses it.
      const message: unknown = isBinary ? data : data.toString();
      this.#enqueue(() => this.#onMessage(socket, message));
    });
    socket.on("error", () => {
      this.#state.last_error = "socket error";
    });
    socket.on("close", () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#state.connected = false;
      this.#state.authenticated = false;
      this.#device.monitor.disconnected();
      this.#scheduleReconnect();
    });
  }

  #scheduleReconnect(): void {
    if (this.#stopped) return;
    const n = this.#device.config.network;
    const delay = backoffDelay(this.#state.attempts++, n.reconnect_base_ms, n.reconnect_cap_ms);
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => this.#connect(), delay);
  }

  #enqueue(task: () => Promise<void> | void): void {
    this.#queue = this.#queue.then(task).catch((error: unknown) => {
      this.#state.last_error = (error as Error).message.slice(0, 300);
    });
  }

  #send(socket: WebSocket, message: SyncClientMessage): void {
    if (socket.readyState === socket.OPEN) socket.send(encodeSyncMessage(message));
  }

  async #onMessage(socket: WebSocket, data: unknown): Promise<void> {
    const d = this.#device;
    if (data === '{"type":"pong"}') {
      d.monitor.pongReceived(d.clock());
      this.#confirmIfCurrent();
      return;
    }
    let message: SyncServerMessage;
    try {
      message = parseServerMessage(data);
    } catch (error) {
      this.#state.last_error = (error as Error).message;
      return;
    }
    switch (message.type) {
      case "challenge": {
        const challenge = { tenant: d.config.tenant, device_id: d.config.device_id, nonce: message.nonce };
        const signature = await signDeviceChallenge(this.#o.signer, challenge);
        // A TPM attestor also answers with a quote bound to this challenge (tpm-attestor.ts).
        const quote = this.#o.attestor?.quote === undefined ? undefined : await this.#o.attestor.quote(challenge);
        this.#send(socket, { type: "auth", signature, ...(quote !== undefined ? { quote } : {}) });
        return;
      }
      case "ready":
        this.#state.authenticated = true;
        this.#state.attempts = 0;
        this.#state.server_seq = message.seq;
        d.monitor.connected(d.clock());
        this.#confirmIfCurrent(true);
        this.#report(socket, true);
        return;
      case "snapshot":
      case "bundle": {
        const result = await acceptBundle(d, message.bundle);
        if (result.status === "refused") {
          this.#state.last_refusal = { code: result.code, message: result.message };
          return;
        }
        this.#state.server_seq = Math.max(this.#state.server_seq ?? 0, message.bundle.seq);
        this.#report(socket, true);
        return;
      }
      case "keyset": {
        const result = await d.keySets.offer(message.keyset);
        if (result.status === "refused") {
          this.#state.last_keyset_refusal = { code: result.code, message: result.message };
          // A gap: reconnect; the next hello says which version the device holds and the server sends from there.
          if (result.code === "version_gap") this.#resync(socket);
          return;
        }
        this.#send(socket, { type: "keyset_ack", version: result.version });
        return;
      }
      case "control": {
        const result = await d.controls.offer(message.control);
        if (result.status === "refused") {
          this.#state.last_control_refusal = { code: result.code, message: result.message };
          // A gap: drop the connection; the next hello says what was applied, and the server resends from there.
          if (result.code === "out_of_order") this.#resync(socket);
          return;
        }
        this.#send(socket, { type: "control_ack", seq: d.controls.seq });
        return;
      }
      case "pong":
        d.monitor.pongReceived(d.clock());
        this.#confirmIfCurrent();
        return;
      case "error":
        this.#state.last_error = `${message.code}: ${message.message.slice(0, 200)}`;
        await this.#o.onServerError?.(message.code, message.message).catch(() => undefined);
        return;
    }
  }

  #resync(socket: WebSocket): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.#state.connected = false;
    this.#state.authenticated = false;
    this.#device.monitor.disconnected();
    socket.close(4001, "control resync");
    this.#scheduleReconnect();
  }

  /** The server's active seq is the one we run: the staleness clock restarts. */
  #confirmIfCurrent(force = false): void {
    const d = this.#device;
    if (this.#state.server_seq !== null && this.#state.server_seq <= d.keeper.seq && d.keeper.current !== null) {
      d.freshness.confirm(d.clock(), force);
    }
  }

  /** Ack the active bundle with mode and hash (on change, or every statusEveryMs). */
  #report(socket: WebSocket, force: boolean): void {
    const d = this.#device;
    const now = d.clock();
    const mode = d.monitor.mode(now);
    if (!force && mode === this.#reportedMode && now - this.#reportedAt < (this.#o.statusEveryMs ?? 60_000)) return;
    const current = d.keeper.current;
    this.#send(socket, { type: "ack", seq: d.keeper.seq, mode, ...(current !== null ? { hash: current.bundle.hash } : {}) });
    this.#reportedMode = mode;
    this.#reportedAt = now;
  }

  #tick(): void {
    const socket = this.#socket;
    if (socket === undefined || !this.#state.authenticated) return;
    const d = this.#device;
    const now = d.clock();
    if (d.monitor.mode(now) === "OFFLINE") {
      // Connected but silent past the bound: a dead connection. Drop it and reconnect.
      this.#state.last_error = "heartbeat timeout";
      this.#socket = undefined;
      this.#state.connected = false;
      this.#state.authenticated = false;
      d.monitor.disconnected();
      socket.close(4000, "heartbeat timeout");
      this.#scheduleReconnect();
      return;
    }
    if (socket.readyState === socket.OPEN) socket.send(PING_TEXT);
    d.monitor.pingSent(now);
    this.#report(socket, false);
  }
}
