/**
 * Local WebSocket→TCP proxy for the Neon serverless driver: the driver opens
 * `ws://127.0.0.1:PORT/v2?address=host:port` and speaks the Postgres wire protocol in binary frames;
 * the proxy pipes them to the TCP address. This is how a Worker in `wrangler dev` (or a Node test)
 * reaches a real local PostgreSQL exactly as it reaches Neon in production.
 *
 * Security: it listens on 127.0.0.1 only, forwards only to loopback addresses (never an open relay
 * into the network), and refuses browser pages from other origins (cross-site WebSocket hijacking).
 */
import { createServer, type IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { parseProxyTarget } from "./ws-proxy-target.ts";

export interface WsProxyOptions {
  /** Port to listen on, on 127.0.0.1; 0 picks a free one. */
  port: number;
}

export interface WsProxy {
  /** The port actually listened on. */
  port: number;
  /** Close the listener and every open connection. */
  stop(): Promise<void>;
}

/** Pause reading from Postgres while this many bytes wait to go out on the WebSocket. */
const HIGH_WATER_BYTES = 1 << 20;

/**
 * Start the proxy.
 *
 * @example
 * const proxy = await startWsProxy({ port: 0 });
 * neonConfig.wsProxy = (host, port) => `127.0.0.1:${proxy.port}/v2?address=${host}:${port}`;
 * // … later
 * await proxy.stop();
 */
export async function startWsProxy(options: WsProxyOptions): Promise<WsProxy> {
  const sockets = new Set<Socket>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const server = createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" }).end("WebSocket upgrade required\n");
  });

  server.on("upgrade", (req: IncomingMessage, stream: Duplex, head: Buffer) => {
    const target = parseProxyTarget(req.url ?? "", req.headers.origin);
    if (!target.ok) {
      stream.end(`HTTP/1.1 ${target.status} ${target.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, stream, head, (ws) => pipe(ws, target.host, target.port, sockets));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;

  return {
    port,
    async stop() {
      for (const ws of wss.clients) ws.terminate();
      for (const socket of sockets) socket.destroy();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Join one accepted WebSocket to a new TCP connection, in both directions, with back-pressure. */
function pipe(ws: WebSocket, host: string, port: number, sockets: Set<Socket>): void {
  const socket = connect({ host, port });
  sockets.add(socket);
  socket.setNoDelay(true);
  const pending: Buffer[] = [];
  let connected = false;

  socket.on("connect", () => {
    connected = true;
    for (const chunk of pending) socket.write(chunk);
    pending.length = 0;
  });
  socket.on("data", (chunk: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(chunk, { binary: true }, () => {
      if (socket.isPaused() && ws.bufferedAmount < HIGH_WATER_BYTES) socket.resume();
    });
    if (ws.bufferedAmount >= HIGH_WATER_BYTES) socket.pause();
  });
  socket.on("error", () => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1011, "target unreachable");
  });
  socket.on("close", () => {
    sockets.delete(socket);
    if (ws.readyState === ws.OPEN) ws.close(1000, "target closed");
  });

  ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
    const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (connected) socket.write(chunk);
    else pending.push(chunk);
  });
  ws.on("close", () => socket.end());
  ws.on("error", () => socket.destroy());
}
