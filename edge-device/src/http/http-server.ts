/**
 * Serve a fetch-style app (the Hono device API) with node:http on 127.0.0.1 only: the governor is for
 * processes on this machine, never the network.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";

/** The only address the device API listens on. */
export const LOOPBACK = "127.0.0.1";

/** A listening server. */
export interface LocalServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, port: number): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(`http://${LOOPBACK}:${port}${req.url ?? "/"}`, {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as unknown as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

async function send(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
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
        .then(() => fetch(toRequest(req, bound)))
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
