/**
 * What `npm start` needs in one call: the local PostgreSQL plus the WebSocket→TCP proxy the Worker's
 * Neon driver goes through, or a plain "not available" when PostgreSQL is not installed (then the
 * stack runs with the Durable Object audit log alone and says so).
 */
import { findPgBin, isPgBin, POSTGRES_NOT_INSTALLED, startPostgres, type LocalPostgres } from "./postgres.ts";
import { startWsProxy } from "./ws-proxy.ts";

export interface LocalAuditStoreOptions {
  /** Cluster directory, e.g. the project's `.dev/pg`. */
  dir: string;
  /** PostgreSQL port on 127.0.0.1. */
  port: number;
  /** WebSocket proxy port on 127.0.0.1 (0: any free one). */
  proxyPort: number;
  /** PostgreSQL bin directory; default findPgBin(). */
  pgBin?: string;
}

export type LocalAuditStore =
  | {
      available: true;
      /** For the Worker (DATABASE_URL): role nethical_app. Contains a password: never log it. */
      databaseUrl: string;
      /** The WebSocket proxy's port (for useLocalNeonProxy in the Worker). */
      proxyPort: number;
      postgres: LocalPostgres;
      /** Stop the proxy, then the cluster. */
      stop(): Promise<void>;
    }
  | { available: false; reason: string };

/**
 * Start PostgreSQL and the proxy, or report plainly why not.
 *
 * @example
 * const store = await startLocalAuditStore({ dir: ".dev/pg", port: 54329, proxyPort: 54330 });
 * if (!store.available) console.log(`audit store: Durable Object log only (${store.reason})`);
 * else devVars.DATABASE_URL = store.databaseUrl; // and NEON_WS_PROXY_PORT = store.proxyPort
 */
export async function startLocalAuditStore(options: LocalAuditStoreOptions): Promise<LocalAuditStore> {
  const pgBin = options.pgBin ?? findPgBin();
  if (pgBin === null || !isPgBin(pgBin)) return { available: false, reason: POSTGRES_NOT_INSTALLED };
  const postgres = await startPostgres({ dir: options.dir, port: options.port, pgBin });
  let proxy;
  try {
    proxy = await startWsProxy({ port: options.proxyPort });
  } catch (error) {
    await postgres.stop();
    throw new Error(`the WebSocket proxy could not listen on 127.0.0.1:${options.proxyPort}: ${(error as Error).message}`);
  }
  return {
    available: true,
    databaseUrl: postgres.url,
    proxyPort: proxy.port,
    postgres,
    async stop() {
      await proxy.stop();
      await postgres.stop();
    },
  };
}
