/**
 * Serve a fetch-style app (the Hono device API) with node:http on 127.0.0.1 only: the governor is for
 * processes on this machine, never the network.
 *
 * Memory: a request body up to {@link BUFFERED_BODY_MAX} bytes is read from the socket into one Buffer
 * before the app sees it, and the app gets a Request over those bytes. Bridging every request's Node
 * stream into a web ReadableStream (`Readable.toWeb`) cost about 10 MB of resident memory after 1,000
 * requests (bench/edge-memory.ts, `http_body`); the bytes and the answers are the same. A larger body (or
 * a larger declared Content-Length) is still streamed, so the app refuses it with 413 after reading at most
 * its own limit, without this server holding it. The app gets a {@link LightRequest} (./light-fetch.ts: no
 * undici for the local API).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { LightHeaders, LightRequest, LightResponse, webReadableStream } from "./light-fetch.ts";

/** The only address the device API listens on. */
export const LOOPBACK = "127.0.0.1";

/** A listening server. */
export interface LocalServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Bodies up to this many bytes are buffered before the app runs: above every route's own limit (the
 * largest, a batch, is 4 MiB), so a body the app would accept is never streamed, and one byte over a
 * route's limit still reaches the app and gets its 413.
 */
export const BUFFERED_BODY_MAX = 4 * 1024 * 1024 + 1;

/** The body as one Buffer when it ends within `max` bytes; otherwise a stream of all of it (read so far + the rest). */
async function readBody(req: IncomingMessage, max: number): Promise<Buffer | ReadableStream<Uint8Array>> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > max) return Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
  const it = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const next = await it.next();
    if (next.done === true) return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
    chunks.push(next.value);
    total += next.value.length;
    if (total > max) break;
  }
  // Over the cap: hand the app what was read and the rest of the socket, as a stream it can stop reading.
  return webReadableStream().from(
    (async function* () {
      yield* chunks;
      for (;;) {
        const next = await it.next();
        if (next.done === true) return;
        yield next.value;
      }
    })(),
  ) as unknown as ReadableStream<Uint8Array>;
}

async function toRequest(req: IncomingMessage, port: number): Promise<Request> {
  const headers = new LightHeaders();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  const url = `http://${LOOPBACK}:${port}${req.url ?? "/"}`;
  const body = hasBody ? await readBody(req, BUFFERED_BODY_MAX) : null;
  return new LightRequest(url, { method, headers, body }) as unknown as Request;
}

async function send(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  // The app's own responses (LightResponse) hand over their bytes without a stream per answer.
  const noBody = response instanceof LightResponse ? response.bodyIsNull : response.body === null;
  const body = noBody ? undefined : new Uint8Array(await response.arrayBuffer());
  // A body refused part-way (413) leaves bytes on the socket: close it rather than reuse it.
  if (!req.complete) res.setHeader("connection", "close");
  res.end(body, () => {
    if (!req.complete) req.socket.destroy();
  });
}

/**
 * Listen on 127.0.0.1:`port` (0 = any free port).
 *
 * @example
 * const s = await serveLocal(app.fetch, 7878); // s.url === "http://127.0.0.1:7878"
 */
export function serveLocal(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<LocalServer> {
  return new Promise((resolve, reject) => {
    let bound = port;
    const server = createServer((req, res) => {
      Promise.resolve()
        .then(() => toRequest(req, bound))
        .then((request) => fetch(request))
        .then((response) => send(req, res, response))
        .catch(() => {
          if (!res.headersSent) res.statusCode = 500;
          res.end();
        });
    });
    server.once("error", reject);
    server.listen(port, LOOPBACK, () => {
      const address = server.address();
      bound = typeof address === "object" && address !== null ? address.port : port;
      resolve({
        server,
        port: bound,
        url: `http://${LOOPBACK}:${bound}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
