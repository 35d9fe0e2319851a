/**
 * Pointing the Neon serverless driver at a local PostgreSQL through the WebSocket→TCP proxy
 * (scripts/dev/ws-proxy.ts), the set-up Neon documents for local work. Production leaves these at
 * their defaults and talks to Neon directly.
 */

/** The neonConfig fields this touches; both the `neonConfig` class and `client.neonConfig` have them. */
export interface NeonLocalConfigTarget {
  wsProxy: string | ((host: string, port: number | string) => string);
  useSecureWebSocket: boolean;
  pipelineConnect: "password" | false;
  webSocketConstructor: unknown;
}

/**
 * Route the driver's WebSocket through the local proxy on `proxyPort`: plain `ws://`, no pipelined
 * password (SCRAM needs the round trips). Pass `webSocketConstructor` (the `ws` package) in Node;
 * workerd has a global WebSocket.
 *
 * @example
 * import { neonConfig, Pool } from "@neondatabase/serverless";
 * import ws from "ws";
 * useLocalNeonProxy(neonConfig, proxy.port, ws); // every Pool/Client from now on
 * const client = new Client(url);
 * useLocalNeonProxy(client.neonConfig, proxy.port, ws); // or just this one client
 */
export function useLocalNeonProxy(
  target: NeonLocalConfigTarget,
  proxyPort: number,
  webSocketConstructor?: unknown,
): void {
  if (!Number.isInteger(proxyPort) || proxyPort < 1 || proxyPort > 65_535) {
    throw new Error(`invalid WebSocket proxy port: ${proxyPort}`);
  }
  target.wsProxy = (host, port) => `127.0.0.1:${proxyPort}/v2?address=${host}:${port}`;
  target.useSecureWebSocket = false;
  target.pipelineConnect = false;
  if (webSocketConstructor !== undefined) target.webSocketConstructor = webSocketConstructor;
}
