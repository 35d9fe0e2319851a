/**
 * Live streams from the client: `streams.token()` asks `POST /v2/streams/token` for a single-use stream
 * token (60 s), `streams.open()` takes one and opens the WebSocket with it as a subprotocol (so no key and
 * no token lands in a URL), and hands the messages out as an async iterator. It acknowledges
 * automatically: a message is acknowledged once the caller asks for the next one, so a slow consumer is
 * paced by the hub's window instead of piling up messages here; what the hub had to drop shows in
 * `dropped`. Protocol: README "Live streams". Uses the platform's `WebSocket` unless one is passed
 * (tested with Node 24's).
 */
import type { paths } from "./api-paths.ts";

/** Body of `POST /v2/streams/token`: the stream (`decisions`, `violations`, `agents/<id>`), filters, limits. */
export type StreamTokenRequest = paths["/v2/streams/token"]["post"]["requestBody"]["content"]["application/json"];

/** Answer of `POST /v2/streams/token`. */
export type StreamToken = paths["/v2/streams/token"]["post"]["responses"][201]["content"]["application/json"];

/** The first message of every stream: what it streams and its limits. */
export interface StreamReady {
  type: "ready";
  stream: "decisions" | "violations" | "agents";
  agent_id?: string;
  filters: { agent_id?: string[]; decision?: string[]; law?: number[] };
  window: number;
  buffer: number;
  heartbeat_seconds: number;
}

/** A decision (`decisions`, `agents/<id>`) or one violation of a decision (`violations`). */
export interface StreamEvent {
  type: "decision" | "violation";
  /** Per connection, from 1; a gap is what was dropped. */
  seq: number;
  /** Ids, decision, laws, violations with spans and hashes; never the raw request. */
  data: Record<string, unknown>;
  /** Messages the hub dropped for this connection so far (present once any were). */
  dropped?: number;
}

/** The hub's heartbeat: the connection's counters. */
export interface StreamHeartbeat {
  type: "heartbeat";
  count: number;
  seq: number;
  dropped: number;
  in_flight: number;
  queued: number;
}

/** Options of {@link openStream}. */
export interface OpenStreamOptions {
  /** The WebSocket constructor (default: `globalThis.WebSocket`). */
  WebSocket?: new (url: string, protocols?: string | string[]) => WebSocket;
  /** Called for every heartbeat (the iterator yields only events). */
  onHeartbeat?: (heartbeat: StreamHeartbeat) => void;
  /** Closes the stream. */
  signal?: AbortSignal;
}

/** The reason a stream ended, when the hub or the network closed it. */
export class StreamClosedError extends Error {
  override readonly name = "StreamClosedError";
  /** The WebSocket close code (1006: the connection failed or the upgrade was refused). */
  readonly code: number;
  readonly reason: string;
  constructor(code: number, reason: string) {
    super(`the stream closed (${code}${reason ? `: ${reason}` : ""})`);
    this.code = code;
    this.reason = reason;
  }
}

type Next = { resolve: (r: IteratorResult<StreamEvent>) => void; reject: (e: unknown) => void };

/** An open live stream: iterate its events; `close()` ends it. */
export class LiveStream implements AsyncIterable<StreamEvent> {
  /** Resolves with the `ready` message once the hub accepted the stream; rejects if the upgrade fails. */
  readonly ready: Promise<StreamReady>;
  readonly #ws: WebSocket;
  readonly #events: StreamEvent[] = [];
  readonly #waiting: Next[] = [];
  #window = 1;
  #acked = 0;
  #handedOut = 0;
  #dropped = 0;
  #ended: { error?: unknown } | null = null;

  /**
   * @example
   * const stream = new LiveStream(new WebSocket(url, ["nethical-stream", token]));
   */
  constructor(ws: WebSocket, options: Pick<OpenStreamOptions, "onHeartbeat" | "signal"> = {}) {
    this.#ws = ws;
    let ready!: (r: StreamReady) => void;
    let failed!: (e: unknown) => void;
    this.ready = new Promise<StreamReady>((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    this.ready.catch(() => undefined);
    ws.addEventListener("message", (e: MessageEvent) => {
      const message = JSON.parse(String(e.data)) as StreamReady | StreamEvent | StreamHeartbeat | { type: "pong" };
      if (message.type === "ready") {
        this.#window = message.window;
        ready(message);
      } else if (message.type === "heartbeat") {
        this.#dropped = Math.max(this.#dropped, message.dropped);
        options.onHeartbeat?.(message);
      } else if (message.type === "decision" || message.type === "violation") {
        this.#dropped = Math.max(this.#dropped, message.dropped ?? 0);
        const waiter = this.#waiting.shift();
        if (waiter !== undefined) this.#handOut(message, waiter);
        else this.#events.push(message);
      }
    });
    ws.addEventListener("close", (e: CloseEvent) => {
      const error = e.code === 1000 || e.code === 1005 ? undefined : new StreamClosedError(e.code, e.reason);
      failed(error ?? new StreamClosedError(e.code, e.reason));
      this.#end(error);
    });
    ws.addEventListener("error", () => {
      const error = new StreamClosedError(1006, "the WebSocket failed (a refused token is a 401 before the upgrade)");
      failed(error);
      this.#end(error);
    });
    options.signal?.addEventListener("abort", () => this.close(), { once: true });
  }

  /** Messages the hub dropped for this connection so far (its reader was too slow). */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * The next event; `done` once the stream closed normally. Acknowledges what was handed out before.
   *
   * @example
   * const { value } = await stream.next();
   */
  next(): Promise<IteratorResult<StreamEvent>> {
    return new Promise((resolve, reject) => {
      const event = this.#events.shift();
      if (event !== undefined) return this.#handOut(event, { resolve, reject });
      this.#ack(true);
      if (this.#ended !== null) return this.#ended.error !== undefined ? reject(this.#ended.error) : resolve({ done: true, value: undefined });
      this.#waiting.push({ resolve, reject });
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    return { next: () => this.next(), return: async () => (this.close(), { done: true, value: undefined }) };
  }

  /**
   * Close the stream (1000); iteration ends.
   *
   * @example
   * stream.close();
   */
  close(): void {
    this.#end(undefined);
    try {
      this.#ws.close(1000, "closed by the client");
    } catch {
      // already closed
    }
  }

  /** Hand out `event`; acknowledge what the caller consumed before it once half the window is unacknowledged. */
  #handOut(event: StreamEvent, to: Next): void {
    this.#ack(false);
    this.#handedOut = event.seq;
    to.resolve({ done: false, value: event });
  }

  /** Acknowledge every event handed out so far: always when the caller caught up, else per half window. */
  #ack(caughtUp: boolean): void {
    const unacked = this.#handedOut - this.#acked;
    if (unacked <= 0 || (!caughtUp && unacked < Math.max(1, Math.floor(this.#window / 2)))) return;
    if (this.#ws.readyState !== 1) return;
    this.#ws.send(JSON.stringify({ type: "ack", seq: this.#handedOut }));
    this.#acked = this.#handedOut;
  }

  #end(error: unknown): void {
    if (this.#ended !== null) return;
    this.#ended = error === undefined ? {} : { error };
    for (const waiter of this.#waiting.splice(0)) {
      if (error !== undefined) waiter.reject(error);
      else waiter.resolve({ done: true, value: undefined });
    }
  }
}

/**
 * Open the stream a token was issued for, the token sent as the `nethical-stream` subprotocol.
 *
 * @example
 * const stream = openStream("https://nethical.example.com", await client.streams.token({ stream: "violations" }));
 * await stream.ready;
 * for await (const event of stream) console.log(event.seq, event.data.decision, stream.dropped);
 */
export function openStream(baseUrl: string, token: StreamToken, options: OpenStreamOptions = {}): LiveStream {
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const path = new URL(token.url, "http://x").pathname;
  const url = `${baseUrl.replace(/\/+$/, "").replace(/^http/, "ws")}${path}`;
  return new LiveStream(new Socket(url, [token.protocol, token.token]), options);
}

/** The client's `streams` (roles operator, auditor, admin). */
export interface Streams {
  /** A single-use stream token, valid 60 s. */
  token(request: StreamTokenRequest, options?: { signal?: AbortSignal }): Promise<StreamToken>;
  /** A token for `request`, then the stream, once the hub accepted it. */
  open(request: StreamTokenRequest, options?: OpenStreamOptions): Promise<LiveStream>;
}

/**
 * The `streams` of a client that issues tokens with `issue` and connects to `baseUrl()`.
 *
 * @example
 * const streams = streamsOf((body) => api.POST("/v2/streams/token", { body }).then((r) => r.data!), () => baseUrl);
 */
export function streamsOf(issue: Streams["token"], baseUrl: () => string): Streams {
  return {
    token: issue,
    async open(request, options = {}) {
      const stream = openStream(baseUrl(), await issue(request, options.signal !== undefined ? { signal: options.signal } : {}), options);
      await stream.ready;
      return stream;
    },
  };
}
