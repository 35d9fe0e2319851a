/**
 * The WebSocket→TCP proxy over real sockets: binary frames reach a loopback TCP server and its replies
 * come back unchanged, in order; refused targets never get a connection; an unreachable target closes
 * the WebSocket; stop() ends open sessions. (The Postgres path through it: db/src/*.test.ts.)
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { freePort } from "./postgres-port.ts";
import { startWsProxy, type WsProxy } from "./ws-proxy.ts";

/** A TCP server that answers every byte with its complement (so a reply proves the round trip), counting connections. */
async function echoServer(): Promise<{ server: Server; port: number; connections: () => number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.push(socket);
    socket.on("data", (chunk: Buffer) => socket.write(complement(chunk)));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0, connections: () => connections, sockets };
}

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

function nextMessage(ws: WebSocket): Promise<Buffer> {
  return new Promise((resolve) => ws.once("message", (data: Buffer) => resolve(data)));
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once("close", (code: number) => resolve(code)));
}

describe("ws-proxy", () => {
  let proxy: WsProxy;
  let echo: Awaited<ReturnType<typeof echoServer>>;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    proxy = await startWsProxy({ port: 0 });
    echo = await echoServer();
  });
  afterEach(() => {
    for (const ws of sockets.splice(0)) ws.terminate();
  });
  afterAll(async () => {
    await proxy.stop();
    await new Promise((resolve) => echo.server.close(resolve));
  });

  const proxied = async (address: string, headers?: Record<string, string>) => {
    const ws = await open(`ws://127.0.0.1:${proxy.port}/v2?address=${address}`, headers);
    sockets.push(ws);
    return ws;
  };

  it("pipes binary frames to the loopback TCP address and the replies back", async () => {
    const ws = await proxied(`127.0.0.1:${echo.port}`);
    const bytes = Buffer.from([0, 1, 2, 250, 251, 255]);
    const reply = nextMessage(ws);
    ws.send(bytes);
    expect(Buffer.from(await reply)).toEqual(Buffer.from([255, 254, 253, 5, 4, 0]));
  });

  it("keeps a large stream intact and in order", async () => {
    const ws = await proxied(`127.0.0.1:${echo.port}`);
    const payload = Buffer.alloc(3 << 20);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7 + (i >> 12)) & 0xff;
    const received: Buffer[] = [];
    let total = 0;
    const done = new Promise<void>((resolve) =>
      ws.on("message", (data: Buffer) => {
        received.push(data);
        total += data.length;
        if (total >= payload.length) resolve();
      }),
    );
    for (let off = 0; off < payload.length; off += 48 << 10) ws.send(payload.subarray(off, off + (48 << 10)));
    await done;
    expect(Buffer.concat(received).equals(complement(payload))).toBe(true);
  });

  it("refuses a non-loopback target with 403 and opens no connection", async () => {
    const before = echo.connections();
    await expect(proxied(`10.1.2.3:${echo.port}`)).rejects.toThrow("HTTP 403");
    await expect(proxied(`example.com:${echo.port}`)).rejects.toThrow("HTTP 403");
    expect(echo.connections()).toBe(before);
  });

  it("refuses other paths, bad addresses and foreign origins", async () => {
    await expect(open(`ws://127.0.0.1:${proxy.port}/v1?address=127.0.0.1:${echo.port}`)).rejects.toThrow("HTTP 404");
    await expect(proxied("127.0.0.1")).rejects.toThrow("HTTP 400");
    await expect(proxied(`127.0.0.1:${echo.port}`, { Origin: "https://evil.example" })).rejects.toThrow("HTTP 403");
  });

  it("closes the WebSocket with 1011 when nothing listens at the target", async () => {
    const ws = await proxied(`127.0.0.1:${await freePort()}`);
    expect(await closed(ws)).toBe(1011);
  });

  it("closes the WebSocket when the TCP side hangs up", async () => {
    const ws = await proxied(`127.0.0.1:${echo.port}`);
    const reply = nextMessage(ws);
    ws.send(Buffer.from("hi"));
    await reply;
    const code = closed(ws);
    echo.sockets.at(-1)?.end();
    expect(await code).toBe(1000);
  });

  it("ends open sessions and stops listening on stop()", async () => {
    const own = await startWsProxy({ port: 0 });
    const ws = await open(`ws://127.0.0.1:${own.port}/v2?address=127.0.0.1:${echo.port}`);
    const code = closed(ws);
    await own.stop();
    expect(await code).toBe(1006);
    await expect(open(`ws://127.0.0.1:${own.port}/v2?address=127.0.0.1:${echo.port}`)).rejects.toThrow(/ECONNREFUSED/);
  });
});

function complement(data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(data.length);
  for (let i = 0; i < data.length; i++) out[i] = ~data[i]! & 0xff;
  return out;
}
