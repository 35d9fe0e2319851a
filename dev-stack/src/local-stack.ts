/**
 * Test fixture: one throwaway PostgreSQL cluster in a temp dir plus the WebSocket→TCP proxy, with the
 * Neon driver configured exactly as a Worker in `wrangler dev` configures it, and a Pool per role.
 * One stack per test file (beforeAll/afterAll); random free ports, so files run in parallel.
 */
import { neonConfig, Pool } from "@neondatabase/serverless";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ws from "ws";
import { findPgBin, POSTGRES_NOT_INSTALLED, startPostgres, type LocalPostgres } from "./postgres.ts";
import { freePort } from "./postgres-port.ts";
import { startWsProxy, type WsProxy } from "./ws-proxy.ts";
import { useLocalNeonProxy } from "@nethical/db/neon-local";

/** True when PostgreSQL is installed here; tests that need it `describe.skipIf(!POSTGRES_AVAILABLE)`. */
export const POSTGRES_AVAILABLE = findPgBin() !== null;

/** Suffix for describe() titles so a skipped suite says why. */
export const SKIP_NOTE = POSTGRES_AVAILABLE ? "" : ` — SKIPPED: ${POSTGRES_NOT_INSTALLED}`;

export interface LocalStack {
  pg: LocalPostgres;
  proxy: WsProxy;
  /** nethical_app: member of nethical_writer (INSERT/SELECT on audit tables). */
  writer: Pool;
  /** nethical_owner: owns the tables (the trigger still stops it). */
  owner: Pool;
  /** nethical_auditor: member of nethical_reader (SELECT only). */
  reader: Pool;
  stop(): Promise<void>;
}

/**
 * Start cluster + proxy, point the global neonConfig at the proxy, open one Pool per role.
 *
 * @example
 * let stack: LocalStack;
 * beforeAll(async () => { stack = await startLocalStack(); }, 60_000);
 * afterAll(() => stack.stop());
 */
export async function startLocalStack(): Promise<LocalStack> {
  const dir = mkdtempSync(join(tmpdir(), "nethical-pg-"));
  let pg: LocalPostgres;
  let proxy: WsProxy;
  try {
    pg = await startPostgres({ dir, port: await freePort() });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  try {
    proxy = await startWsProxy({ port: 0 });
  } catch (error) {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  useLocalNeonProxy(neonConfig, proxy.port, ws);
  const pool = (url: string) => {
    const p = new Pool({ connectionString: url, max: 4 });
    p.on("error", () => undefined); // idle clients dropped at shutdown
    return p;
  };
  const writer = pool(pg.url);
  const owner = pool(pg.adminUrl);
  const reader = pool(pg.readerUrl);
  return {
    pg,
    proxy,
    writer,
    owner,
    reader,
    async stop() {
      await Promise.all([writer.end(), owner.end(), reader.end()]);
      await proxy.stop();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
