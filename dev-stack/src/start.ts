/**
 * `npm start`: the whole stack locally on workerd (wrangler dev with local KV, Durable Objects and
 * Queues), the local audit store (PostgreSQL under .dev/pg, migrations applied, reached by the Worker's
 * Neon driver through the WebSocket→TCP proxy) when PostgreSQL is installed, a seeded development
 * tenant, and how to call it. Ctrl+C stops everything.
 */
import { join } from "node:path";
import { writeAuditEnvFile } from "./audit-env.ts";
import { ensureBootstrapKey } from "./dev-vars.ts";
import { startLocalAuditStore, type LocalAuditStore } from "./postgres-local-store.ts";
import { freePort } from "./postgres-port.ts";
import { seedDevTenant } from "./seed.ts";
import { startWranglerDev, type WranglerDev } from "./wrangler-dev.ts";

const root = join(import.meta.dirname, "..", "..");
const port = Number(process.env.PORT ?? 8787);
const devDir = join(root, ".dev");

const bootstrap = await ensureBootstrapKey(join(root, ".dev.vars"));
if (bootstrap.created) console.log("wrote BOOTSTRAP_ADMIN_KEY to .dev.vars (platform admin key for local use)");

// The audit store: PostgreSQL + the WebSocket proxy, or the AuditLog Durable Objects alone.
let store: LocalAuditStore;
try {
  store = await startLocalAuditStore({
    dir: join(devDir, "pg"),
    port: process.env.PG_PORT ? Number(process.env.PG_PORT) : await freePort(),
    proxyPort: 0,
  });
} catch (error) {
  store = { available: false, reason: `PostgreSQL did not start: ${(error as Error).message.split("\n")[0]}` };
}
let envFile: string | undefined;
if (store.available) {
  envFile = join(devDir, "wrangler.env"); // DATABASE_URL holds a password: only in this 0600 file, never printed
  await writeAuditEnvFile(envFile, join(root, ".dev.vars"), store);
  const applied = store.postgres.migrations.applied.length;
  console.log(`audit store: PostgreSQL on 127.0.0.1:${store.postgres.port} (.dev/pg, ${applied} new migration(s) applied), Worker → Neon driver → ws proxy :${store.proxyPort}`);
} else {
  console.log(`audit store: the AuditLog Durable Object log ALONE — no Postgres rows. ${store.reason}`);
}

let dev: WranglerDev | undefined;
let stopping = false;
const shutdown = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  await dev?.stop();
  if (store.available) await store.stop();
  process.exit(code);
};
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

console.log(`starting wrangler dev on http://127.0.0.1:${port} …`);
try {
  dev = await startWranglerDev({ root, port, stateDir: join(devDir, "wrangler-state"), inheritOutput: true, ...(envFile ? { envFile } : {}) });
} catch (error) {
  console.error((error as Error).message);
  await shutdown(1);
  throw error;
}
dev.process.on("exit", (code) => {
  if (stopping) return;
  console.error(`wrangler dev exited (${code ?? "signal"})`);
  void shutdown(code ?? 1);
});

const tenant = await seedDevTenant(dev.url, bootstrap.key, join(devDir, "dev-tenant.json"));
console.log(`
Nethical Edge is running at ${dev.url}  (tenant "${tenant.tenant}"; keys in .dev/dev-tenant.json)
Audit trail: ${store.available ? "AuditLog Durable Object + local PostgreSQL" : "AuditLog Durable Object only (no PostgreSQL)"}; see docs/audit.md

  curl -s ${dev.url}/v2/evaluate \\
    -H "Authorization: Bearer $(node -p 'require("./.dev/dev-tenant.json").keys.agent')" \\
    -H "Content-Type: application/json" \\
    -d '{"agent_id":"demo-agent","action":"rm -rf / --no-preserve-root","action_type":"code_execution"}'

  curl -s ${dev.url}/v2/audit/tree-head \\
    -H "Authorization: Bearer $(node -p 'require("./.dev/dev-tenant.json").keys.auditor')"

Press Ctrl+C to stop.`);
