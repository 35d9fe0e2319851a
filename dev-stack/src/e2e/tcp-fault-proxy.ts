/**
 * A TCP proxy in front of PostgreSQL for the chaos suite: the Worker's DATABASE_URL points at it, and the
 * test makes it lag (every chunk, both ways, held for `latencyMs`) or fail (open connections reset and new
 * ones refused). Test tooling only: it listens on 127.0.0.1 and forwards to one fixed loopback port.
 */
import { createServer, connect, type Socket } from "node:net";

/** What the proxy does now. */
export interface TcpFault {
  latencyMs: number;
  /** Reset every open connection and refuse new ones. */
  down: boolean;
}

export interface TcpFaultProxy {
  port: number;
  set(fault: Partial<TcpFault>): void;
  stop(): Promise<void>;
}

/**
 * Start a proxy to `127.0.0.1:targetPort`.
 *
 * @example
 * const proxy = await startTcpFaultProxy(pgPort);
 * proxy.set({ latencyMs: 300 }); proxy.set({ down: true }); proxy.set({ down: false, latencyMs: 0 });
 */
export async function startTcpFaultProxy(targetPort: number): Promise<TcpFaultProxy> {
  const fault: TcpFault = { latencyMs: 0, down: false };
  const sockets = new Set<Socket>();
  const forward = (from: Socket, to: Socket) => {
    let chain = Promise.resolve();
    from.on("data", (chunk: Buffer) => {
      const wait = fault.latencyMs;
      chain = chain.then(() => new Promise<void>((r) => (wait > 0 ? setTimeout(r, wait) : r()))).then(() => {
        if (!to.destroyed) to.write(chunk);
      });
    });
    from.on("close", () => void chain.then(() => to.destroy()));
    from.on("error", () => to.destroy());
  };
  const server = createServer((client) => {
    if (fault.down) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: "127.0.0.1", port: targetPort });
    sockets.add(client).add(upstream);
    client.on("close", () => sockets.delete(client));
    upstream.on("close", () => sockets.delete(upstream));
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    port,
    set(next) {
      Object.assign(fault, next);
      if (fault.down) for (const s of sockets) s.destroy();
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
