/**
 * End-to-end fixture for the audit trail: a throwaway PostgreSQL cluster (migrations applied), the
 * WebSocket→TCP proxy, and `wrangler dev` running the real Worker, Durable Objects and Queues with
 * DATABASE_URL pointing through the Neon driver at that cluster — all on random ports in a temp dir — plus
 * a seeded tenant. Also: stop/restart PostgreSQL (fault tests) and count the stored rows from Node.
 */
import { neonConfig, Pool } from "@neondatabase/serverless";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ws from "ws";
import { useLocalNeonProxy } from "@nethical/db/neon-local";
import { envFileText } from "../audit-env.ts";
import { startPostgres, type LocalPostgres } from "../postgres.ts";
import { freePort } from "../postgres-port.ts";
import { seedDevTenant, type DevTenant } from "../seed.ts";
import { startWranglerDev, type WranglerDev } from "../wrangler-dev.ts";
import { startWsProxy, type WsProxy } from "../ws-proxy.ts";
import { startTcpFaultProxy, type TcpFaultProxy } from "./tcp-fault-proxy.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");

/**
 * Admin events the seeding leaves in the tenant's log before any decision: its four keys issued
 * (`key.issue`, one per role). Decisions' leaf indices start after them, in whatever order the queue
 * delivered; tests check that decisions and admin events together fill 0..size-1.
 */
export const SEEDED_ADMIN_EVENTS = 4;

/** One stored row, as the checks need it. */
export interface StoredRow {
  event_id: string;
  leaf_index: number;
  row: Record<string, unknown>;
}

export interface AuditStack {
  url: string;
  /** Everything wrangler dev printed so far (the Worker's logs included). */
  logs(): string;
  /** Names of secrets (DATABASE_URL, its password, the bootstrap key) that appear in the logs: should be none. */
  leakedSecrets(): string[];
  tenant: DevTenant;
  /** Every audit_events row of the tenant, by leaf index (through the proxy, as the Worker reads). */
  rows(): Promise<StoredRow[]>;
  /** Every admin_events row of the tenant, by leaf index. */
  adminRows(): Promise<StoredRow[]>;
  /** Leaf indices of every stored row of the tenant's log (decisions and admin events), ascending. */
  leafIndices(): Promise<number[]>;
  /** Run one query as the table owner (through the proxy). */
  query(text: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  stopPostgres(): Promise<void>;
  /** With `faultProxy: true`: the TCP proxy between the Worker and PostgreSQL (latency, resets). */
  pgFaults: TcpFaultProxy | null;
  restartPostgres(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The project's wrangler.toml with `main` made absolute and, optionally, other queue retry settings.
 *
 * @example
 * writeConfig(dir, { maxRetries: 2 }); // a config where messages are dead-lettered after 2 retries
 */
function writeConfig(dir: string, maxRetries: number | undefined): string {
  let text = readFileSync(join(ROOT, "wrangler.toml"), "utf8").replace(/^main = "(.+)"$/m, (_m, main: string) => `main = "${join(ROOT, main)}"`).replace(/^directory = "(.+)"$/m, (_m, dir: string) => `directory = "${join(ROOT, dir)}"`);
  if (maxRetries !== undefined) text = text.replace(/^max_retries = 10$/m, `max_retries = ${maxRetries}`);
  const file = join(dir, "wrangler.toml");
  writeFileSync(file, text);
  return file;
}

/**
 * Start the whole stack. Always `await stack.stop()` (afterAll).
 *
 * @example
 * const stack = await startAuditStack({ maxRetries: 2 });
 */
export async function startAuditStack(options: { maxRetries?: number; faultProxy?: boolean } = {}): Promise<AuditStack> {
  const dir = mkdtempSync(join(tmpdir(), "nethical-e2e-"));
  chmodSync(dir, 0o711); // the cluster under it runs as the 'postgres' OS user when we are root
  const pgPort = await freePort();
  let pg: LocalPostgres | null = null;
  let proxy: WsProxy | null = null;
  let dev: WranglerDev | null = null;
  let faults: TcpFaultProxy | null = null;
  const stop = async () => {
    await dev?.stop();
    await faults?.stop();
    await proxy?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    pg = await startPostgres({ dir: join(dir, "pg"), port: pgPort });
    proxy = await startWsProxy({ port: 0 });
    const bootstrap = `e2e-bootstrap-${randomBytes(16).toString("hex")}`;
    const envFile = join(dir, "wrangler.env");
    let workerDbUrl = pg.url;
    if (options.faultProxy === true) {
      faults = await startTcpFaultProxy(pgPort);
      const via = new URL(pg.url);
      via.port = String(faults.port);
      workerDbUrl = via.toString();
    }
    writeFileSync(envFile, envFileText({ BOOTSTRAP_ADMIN_KEY: bootstrap, DATABASE_URL: workerDbUrl, NEON_WS_PROXY_PORT: String(proxy.port) }), { mode: 0o600 });
    const config = writeConfig(dir, options.maxRetries);
    let logs = "";
    const onOutput = (chunk: string) => (logs += chunk);
    dev = await startWranglerDev({ root: ROOT, port: await freePort(), stateDir: join(dir, "wrangler"), envFile, config, timeoutMs: 120_000, onOutput });
    const tenant = await seedDevTenant(dev.url, bootstrap, join(dir, "tenant.json"), "e2e");
    // Seed again, as a second `npm start` does: the saved keys are checked with a read, so no decision is
    // made (audit.e2e.test.ts then finds exactly one audit row per decision it made itself).
    const again = await seedDevTenant(dev.url, bootstrap, join(dir, "tenant.json"), "e2e");
    if (again.keys.agent !== tenant.keys.agent) throw new Error("re-seeding did not reuse the saved keys");
    useLocalNeonProxy(neonConfig, proxy.port, ws);
    const adminUrl = pg.adminUrl;
    const query = async (text: string, params: unknown[]): Promise<Record<string, unknown>[]> => {
      const pool = new Pool({ connectionString: adminUrl, max: 1 });
      pool.on("error", () => undefined);
      try {
        return (await pool.query(text, params)).rows as Record<string, unknown>[];
      } finally {
        await pool.end();
      }
    };
    const databaseUrl = pg.url;
    return {
      url: dev.url,
      logs: () => logs,
      leakedSecrets: () => {
        const password = new URL(databaseUrl).password;
        const secrets: [string, string][] = [["DATABASE_URL", databaseUrl], ["database password", password], ["BOOTSTRAP_ADMIN_KEY", bootstrap]];
        return secrets.filter(([, value]) => value !== "" && logs.includes(value)).map(([name]) => name);
      },
      tenant,
      async rows() {
        const rows = await query("SELECT * FROM audit_events WHERE tenant = $1 ORDER BY leaf_index", [tenant.tenant]);
        return rows.map((row) => ({ event_id: String(row.event_id), leaf_index: Number(row.leaf_index), row }));
      },
      async adminRows() {
        const rows = await query("SELECT * FROM admin_events WHERE tenant = $1 ORDER BY leaf_index", [tenant.tenant]);
        return rows.map((row) => ({ event_id: String(row.event_id), leaf_index: Number(row.leaf_index), row }));
      },
      async leafIndices() {
        const rows = await query(
          "SELECT leaf_index FROM audit_events WHERE tenant = $1 UNION ALL SELECT leaf_index FROM admin_events WHERE tenant = $1 ORDER BY leaf_index",
          [tenant.tenant],
        );
        return rows.map((r) => Number(r.leaf_index));
      },
      query,
      pgFaults: faults,
      async stopPostgres() {
        await pg?.stop();
      },
      async restartPostgres() {
        pg = await startPostgres({ dir: join(dir, "pg"), port: pgPort });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Call the stack's API with a key.
 *
 * @example
 * const res = await call(stack, stack.tenant.keys.agent, "/v2/evaluate", request);
 */
export function call(stack: AuditStack, key: string, path: string, json?: unknown): Promise<Response> {
  return fetch(`${stack.url}${path}`, {
    method: json === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
}

/**
 * Poll `check` until it returns true or `timeoutMs` passes; returns whether it became true.
 *
 * @example
 * await until(async () => (await stack.rows()).length === 30, 120_000);
 */
export async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return true;
    } catch {
      // not yet (e.g. Postgres restarting)
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
