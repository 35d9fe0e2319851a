/**
 * The load and soak suites' server: the real Worker under `wrangler dev` (workerd) on 127.0.0.1 with the
 * shipped wrangler.toml (its rate limits included), a throwaway state folder and bootstrap key, one tenant
 * and `agentKeys` agent keys to spread the calls over (KEY_LIMITER allows 6,000 per key per 60 s,
 * TENANT_LIMITER 30,000 per tenant: the suites stay below both, see README "Benchmarks").
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@nethical/dev-stack/postgres-port";
import { type DevTenant, seedDevTenant } from "@nethical/dev-stack/seed";
import { startWranglerDev, type WranglerDev } from "@nethical/dev-stack/wrangler-dev";

/** A running load stack. */
export interface LoadStack {
  dev: WranglerDev;
  tenant: DevTenant;
  /** Agent keys, besides the tenant's one key per role. */
  agentKeys: string[];
  stop(): Promise<void>;
}

/**
 * Start the stack, seed tenant `name` and issue `agentKeys` more agent keys.
 *
 * @example
 * const stack = await startLoadStack("load", 8); try { … } finally { await stack.stop(); }
 */
export async function startLoadStack(name: string, agentKeys: number): Promise<LoadStack> {
  const root = join(import.meta.dirname, "..", "..");
  const dir = await mkdtemp(join(tmpdir(), `nethical-bench-${name}-`));
  const bootstrap = `bench-bootstrap-${crypto.randomUUID()}`;
  await writeFile(join(dir, "bench.vars"), `BOOTSTRAP_ADMIN_KEY=${bootstrap}\n`);
  const dev = await startWranglerDev({ root, port: await freePort(), stateDir: join(dir, "state"), envFile: join(dir, "bench.vars"), timeoutMs: 120_000 });
  const stop = async () => {
    await dev.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const tenant = await seedDevTenant(dev.url, bootstrap, join(dir, "tenant.json"), name);
    const keys: string[] = [];
    for (let k = 0; k < agentKeys; k++) {
      const res = await fetch(`${dev.url}/v2/admin/tenants/${name}/keys`, {
        method: "POST",
        headers: { authorization: `Bearer ${tenant.keys.admin}`, "content-type": "application/json" },
        body: JSON.stringify({ role: "agent", label: `load-${k}` }),
      });
      if (res.status !== 201) throw new Error(`issuing load key ${k} answered ${res.status}`);
      keys.push(((await res.json()) as { secret: string }).secret);
    }
    return { dev, tenant, agentKeys: keys, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Send one request and check its status: resolves after the body was read, throws on another status
 * or after `timeoutMs`.
 *
 * @example
 * await expectStatus(`${url}/v2/whoami`, { headers }, 200);
 */
export async function expectStatus(url: string, init: RequestInit, status: number, timeoutMs = 30_000): Promise<void> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer();
  if (res.status !== status) throw new Error(`${url} answered ${res.status}, expected ${status}`);
}
