/**
 * The Postgres audit store as the Worker and the AuditLog reach it: drizzle over the Neon serverless
 * driver's WebSocket `Pool` (a real transaction-capable connection; one short-lived pool per queue batch
 * or request, closed afterwards). `DATABASE_URL` unset → null: the Durable Object log alone is used.
 * Locally `NEON_WS_PROXY_PORT` routes the driver through the WebSocket→TCP proxy to local PostgreSQL.
 */
import { neonConfig, Pool } from "@neondatabase/serverless";
import { auditDb, useLocalNeonProxy, type AuditDb } from "@nethical/db";

/** A database handle and how to release it. */
export interface AuditDbHandle {
  db: AuditDb;
  close(): Promise<void>;
}

/** Environment the store reads (both optional). */
export interface AuditDbEnv {
  DATABASE_URL?: string;
  NEON_WS_PROXY_PORT?: string;
}

/** A dead database must fail a batch quickly (then it is retried), not hold it until the platform kills it. */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Whether Postgres is configured.
 *
 * @example
 * auditDbConfigured(env); // false without DATABASE_URL
 */
export function auditDbConfigured(env: AuditDbEnv): boolean {
  return typeof env.DATABASE_URL === "string" && env.DATABASE_URL.trim() !== "";
}

/**
 * Open the audit store, or null when DATABASE_URL is not set. Never logs the URL (it holds a password).
 *
 * @example
 * const handle = openAuditDb(env);
 * if (handle) try { await insertAuditEvents(handle.db, rows); } finally { await handle.close(); }
 */
export function openAuditDb(env: AuditDbEnv): AuditDbHandle | null {
  if (!auditDbConfigured(env)) return null;
  const port = env.NEON_WS_PROXY_PORT;
  if (port !== undefined && port !== "") useLocalNeonProxy(neonConfig, Number(port));
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 2, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  pool.on("error", () => undefined); // a dropped idle connection is reported by the next query instead
  return {
    db: auditDb(pool),
    close: async () => {
      try {
        await pool.end();
      } catch {
        // already closed or never connected
      }
    },
  };
}
