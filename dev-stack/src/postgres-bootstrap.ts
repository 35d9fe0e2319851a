/**
 * Roles, database and schema of a fresh local cluster, made through the same Neon driver and
 * WebSocket proxy the Worker uses. Idempotent: run on every start.
 *
 *   postgres          superuser, bootstrap only
 *   nethical_owner    owns database `nethical`, runs migrations (CREATEROLE, like Neon's owner role)
 *   nethical_app      login IN ROLE nethical_writer: what the Worker uses (INSERT/SELECT only)
 *   nethical_auditor  login IN ROLE nethical_reader: read-only
 */
import { Client } from "@neondatabase/serverless";
import ws from "ws";
import { applyMigrations, type MigrationReport } from "@nethical/db/migrate";
import { useLocalNeonProxy } from "@nethical/db/neon-local";

/** Passwords of the cluster's roles (random hex, kept next to the cluster, never logged). */
export interface ClusterCredentials {
  superuser: string;
  owner: string;
  app: string;
  reader: string;
}

export const DATABASE = "nethical";
export const OWNER_ROLE = "nethical_owner";
export const APP_ROLE = "nethical_app";
export const READER_ROLE = "nethical_auditor";

/**
 * `postgres://user:password@127.0.0.1:port/database`.
 *
 * @example
 * connectionUrl("nethical_app", secret, 54329); // "postgres://nethical_app:…@127.0.0.1:54329/nethical"
 */
export function connectionUrl(user: string, password: string, port: number, database = DATABASE): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function withClient<T>(url: string, proxyPort: number, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(url);
  useLocalNeonProxy(client.neonConfig, proxyPort, ws);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Password literal for CREATE/ALTER ROLE (utility statements take no parameters). */
function passwordLiteral(password: string): string {
  if (!/^[0-9a-f]{16,}$/.test(password)) throw new Error("role passwords must be generated hex strings");
  return `'${password}'`;
}

async function ensureLoginRole(client: Client, role: string, password: string, extra: string): Promise<void> {
  const { rows } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
  const verb = rows.length === 0 ? "CREATE" : "ALTER";
  await client.query(`${verb} ROLE ${role} WITH LOGIN PASSWORD ${passwordLiteral(password)} ${verb === "CREATE" ? extra : ""}`);
}

/**
 * Create roles and the `nethical` database if missing, apply migrations as the owner, then create
 * the app and reader login roles in the groups the migrations defined.
 *
 * @example
 * const report = await bootstrapCluster(port, proxy.port, credentials);
 * report.applied; // ["0000_audit_store", "0001_append_only_roles"] on a new cluster
 */
export async function bootstrapCluster(
  port: number,
  proxyPort: number,
  credentials: ClusterCredentials,
): Promise<MigrationReport> {
  const superUrl = connectionUrl("postgres", credentials.superuser, port, "postgres");
  await withClient(superUrl, proxyPort, async (client) => {
    await ensureLoginRole(client, OWNER_ROLE, credentials.owner, "CREATEROLE");
    const { rows } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (rows.length === 0) await client.query(`CREATE DATABASE ${DATABASE} OWNER ${OWNER_ROLE}`);
  });
  const report = await withClient(connectionUrl(OWNER_ROLE, credentials.owner, port), proxyPort, (client) =>
    applyMigrations(client),
  );
  await withClient(superUrl, proxyPort, async (client) => {
    await ensureLoginRole(client, APP_ROLE, credentials.app, "IN ROLE nethical_writer");
    await ensureLoginRole(client, READER_ROLE, credentials.reader, "IN ROLE nethical_reader");
  });
  return report;
}
