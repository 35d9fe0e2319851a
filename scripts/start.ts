/**
 * `npm start`: the whole stack locally on workerd (wrangler dev with local KV and Durable Objects),
 * a seeded development tenant, and how to call it.
 */
import { join } from "node:path";
import { ensureBootstrapKey } from "./dev/dev-vars.ts";
import { seedDevTenant } from "./dev/seed.ts";
import { startWranglerDev } from "./dev/wrangler-dev.ts";

const root = join(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 8787);
const devDir = join(root, ".dev");

const bootstrap = await ensureBootstrapKey(join(root, ".dev.vars"));
if (bootstrap.created) console.log("wrote BOOTSTRAP_ADMIN_KEY to .dev.vars (platform admin key for local use)");

console.log(`starting wrangler dev on http://127.0.0.1:${port} …`);
const dev = await startWranglerDev({ root, port, stateDir: join(devDir, "wrangler-state"), inheritOutput: true });
const shutdown = async () => {
  await dev.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
dev.process.on("exit", (code) => {
  console.error(`wrangler dev exited (${code ?? "signal"})`);
  process.exit(code ?? 1);
});

const tenant = await seedDevTenant(dev.url, bootstrap.key, join(devDir, "dev-tenant.json"));
console.log(`
Nethical Edge is running at ${dev.url}  (tenant "${tenant.tenant}"; keys in .dev/dev-tenant.json)

  curl -s ${dev.url}/v2/evaluate \\
    -H "Authorization: Bearer $(node -p 'require("./.dev/dev-tenant.json").keys.agent')" \\
    -H "Content-Type: application/json" \\
    -d '{"agent_id":"demo-agent","action":"rm -rf / --no-preserve-root","action_type":"code_execution"}'

Press Ctrl+C to stop.`);
