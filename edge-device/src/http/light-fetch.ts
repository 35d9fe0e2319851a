/**
 * The fetch classes the device's local API runs on (`Headers`, `Request`, `Response`), over plain bytes.
 *
 * Why: Node's own `Headers`, `Request` and `Response` are undici's, and the first use of any of them loads
 * all of undici (its fetch, dispatcher pool and HTTP/1 client): on this machine about 17 MB of resident
 * memory (7 MB anonymous, 10 MB of the binary's pages) and 25–60 ms on the first request the device
 * answers, for a server that only needs to hand Hono a request and read back its answer. No library does
 * this without undici (`@hono/node-server` builds an undici `Request` as soon as a handler reads the
 * headers or the body), so this module keeps the subset Hono and `@nethical/http` use, with the Fetch
 * standard's behaviour for it: header names case-insensitive, iterated sorted and combined with ", ",
 * `set-cookie` kept apart; a string body gets `text/plain;charset=UTF-8` unless a content type is given.
 *
 * The local server ({@link ./http-server.ts}) always builds a {@link LightRequest}; Hono creates its
 * responses with the global `Response`, so the device process installs these classes as the globals
 * ({@link installLightFetch}, tuning `light-fetch`, on by default) before it serves. The audit uploader
 * (log/post-body.ts) and the sync WebSocket (`ws`) do not use undici either; the CLI's one-shot commands
 * (enrolment, key rotation, status) still call `fetch`, which keeps undici's own classes to itself.
 */
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { BufferedBodyRequest } from "@nethical/http";

type HeadersLike = { forEach(cb: (value: string, name: string) => void): void; getSetCookie?(): string[] };
type HeadersInit = HeadersLike | Iterable<readonly [string, string]> | Record<string, string | readonly string[]>;
type BodyInit = string | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | null | undefined;

const encoder = new TextEncoder();
/** Bytes behind a body stream this module made: a stream handed back to a constructor is not read again. */
const streamBytes = new WeakMap<object, Uint8Array>();

/** HTTP whitespace around a header value is not part of it (Fetch standard "normalize"). */
const normalize = (value: unknown): string => String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");

/**
 * Case-insensitive header map with the Fetch standard's iteration: sorted by name, values of one name
 * combined with ", ", each `set-cookie` separate.
 *
 * @example
 * const h = new LightHeaders({ "Content-Type": "application/json" });
 * h.get("content-type"); // "application/json"
 */
export class LightHeaders {
  readonly #map = new Map<string, string[]>();

  constructor(init?: HeadersInit | null) {
    if (init === undefined || init === null) return;
    if (typeof (init as HeadersLike).forEach === "function" && !Array.isArray(init)) {
      const like = init as HeadersLike;
      const cookies = typeof like.getSetCookie === "function" ? like.getSetCookie() : undefined;
      like.forEach((value, name) => {
        if (cookies === undefined || name.toLowerCase() !== "set-cookie") this.append(name, value);
      });
      for (const cookie of cookies ?? []) this.append("set-cookie", cookie);
    } else if (Symbol.iterator in (init as object)) {
      for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init as Record<string, string | readonly string[]>)) {
        if (Array.isArray(value)) for (const v of value) this.append(name, v);
        else this.append(name, value as string);
      }
    }
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const values = this.#map.get(key);
    if (values === undefined) this.#map.set(key, [normalize(value)]);
    else values.push(normalize(value));
  }

  set(name: string, value: string): void {
    this.#map.set(name.toLowerCase(), [normalize(value)]);
  }

  delete(name: string): void {
    this.#map.delete(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }

  get(name: string): string | null {
    return this.#map.get(name.toLowerCase())?.join(", ") ?? null;
  }

  getSetCookie(): string[] {
    return [...(this.#map.get("set-cookie") ?? [])];
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#map.keys()].sort()) {
      const values = this.#map.get(name)!;
      if (name === "set-cookie") for (const v of values) yield [name, v];
      else yield [name, values.join(", ")];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(cb: (value: string, name: string, headers: LightHeaders) => void): void {
    for (const [name, value] of this.entries()) cb(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * Node's web `ReadableStream`, loaded on first use: loading `node:stream/web` costs 15–25 ms of a cold
 * start, and the local API makes a stream only for a body over the buffered size or when code asks a
 * body for its stream.
 *
 * @example
 * const stream = webReadableStream().from(["a", "b"]);
 */
export function webReadableStream(): typeof NodeReadableStream {
  return process.getBuiltinModule("node:stream/web").ReadableStream;
}

/** A body held as bytes, or a stream read on demand. */
class Body implements BufferedBodyRequest {
  readonly #bytes: Uint8Array | null;
  readonly #stream: ReadableStream<Uint8Array> | null;
  #view: ReadableStream<Uint8Array> | null = null;
  #used = false;

  constructor(body: BodyInit) {
    if (body === null || body === undefined) [this.#bytes, this.#stream] = [null, null];
    else if (typeof body === "string") [this.#bytes, this.#stream] = [encoder.encode(body), null];
    else if (body instanceof Uint8Array) [this.#bytes, this.#stream] = [body, null];
    else if (body instanceof ArrayBuffer) [this.#bytes, this.#stream] = [new Uint8Array(body), null];
    else {
      const known = streamBytes.get(body);
      [this.#bytes, this.#stream] = known === undefined ? [null, body] : [known, null];
    }
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#stream !== null) return this.#stream;
    if (this.#bytes === null) return null;
    if (this.#view === null) {
      const bytes = this.#bytes;
      this.#view = new (webReadableStream())<Uint8Array>({
        start(controller) {
          if (bytes.byteLength > 0) controller.enqueue(bytes);
          controller.close();
        },
      }) as unknown as ReadableStream<Uint8Array>;
      streamBytes.set(this.#view, bytes);
    }
    return this.#view;
  }

  /** Whether there is no body at all (without making the stream view `body` would make). */
  get bodyIsNull(): boolean {
    return this.#bytes === null && this.#stream === null;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  /**
   * The body's bytes when they are in memory (`null`: no body), without making a stream, marking the body
   * used; `undefined` when the body is a stream or was used or viewed as a stream (read it the usual way).
   * `@nethical/http`'s `readBodyText` takes this path (its `BufferedBodyRequest`).
   */
  takeBufferedBody(): Uint8Array | null | undefined {
    if (this.#used || this.#stream !== null || this.#view !== null) return undefined;
    this.#used = true;
    return this.#bytes;
  }

  /** The whole body as bytes. */
  async bytes(): Promise<Uint8Array> {
    if (this.#used) throw new TypeError("Body has already been used");
    this.#used = true;
    if (this.#stream === null) return this.#bytes ?? new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of this.#stream as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(chunk);
      total += chunk.byteLength;
    }
    return Buffer.concat(chunks, total);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = await this.bytes();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/**
 * A request as the local server hands it to the app: URL, method, headers and a body.
 *
 * @example
 * const r = new LightRequest("http://127.0.0.1:7878/v2/evaluate", { method: "POST", body: Buffer.from("{}") });
 * await r.text(); // "{}"
 */
export class LightRequest extends Body {
  readonly url: string;
  readonly method: string;
  readonly headers: LightHeaders;

  constructor(url: string, init: { method?: string; headers?: HeadersInit; body?: BodyInit } = {}) {
    super(init.body);
    this.url = url;
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = new LightHeaders(init.headers);
  }
}

/**
 * A response the app builds; `new LightResponse(body, init)` as `new Response(body, init)`, `init` may be
 * another response.
 *
 * @example
 * const r = new LightResponse(JSON.stringify({ ok: true }), { status: 201, headers: { "content-type": "application/json" } });
 * r.status; // 201
 */
export class LightResponse extends Body {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LightHeaders;

  constructor(body?: BodyInit, init: { status?: number; statusText?: string; headers?: HeadersInit } = {}) {
    super(body);
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) throw new RangeError(`invalid response status ${status}`);
    this.status = status;
    this.statusText = init.statusText ?? "";
    this.headers = new LightHeaders(init.headers);
    if (typeof body === "string" && !this.headers.has("content-type")) this.headers.set("content-type", "text/plain;charset=UTF-8");
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** `Response.json(data, init)`. */
  static json(data: unknown, init: { status?: number; statusText?: string; headers?: HeadersInit } = {}): LightResponse {
    const headers = new LightHeaders(init.headers);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return new LightResponse(JSON.stringify(data), { ...init, headers });
  }
}

/**
 * Make {@link LightHeaders}, {@link LightRequest} and {@link LightResponse} the process's `Headers`,
 * `Request` and `Response` (the device process only: Hono creates its answers with the globals). Plain
 * assignment, through Node's lazy setters: reading the previous globals, their property descriptors, or
 * `Object.defineProperty` over them loads undici.
 *
 * @example
 * installLightFetch();
 * new Response("x") instanceof LightResponse; // true
 */
export function installLightFetch(): void {
  const g = globalThis as Record<string, unknown>;
  g.Headers = LightHeaders;
  g.Request = LightRequest;
  g.Response = LightResponse;
}
