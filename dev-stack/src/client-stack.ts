/**
 * The clients' end-to-end stack (the TypeScript and Python clients' tests): the real Worker under `wrangler dev` (workerd, the shipped wrangler.toml)
 * on a free port with a throwaway state folder and bootstrap key, and one seeded tenant with a key per role.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./postgres-port.ts";
import { type DevTenant, seedDevTenant } from "./seed.ts";
import { startWranglerDev, type WranglerDev } from "./wrangler-dev.ts";

/** A running stack. */
export interface ClientStack {
  dev: WranglerDev;
  url: string;
  tenant: DevTenant;
  stop(): Promise<void>;
}

/** The repository root. */
export const ROOT = join(import.meta.dirname, "..", "..");

/**
 * Start wrangler dev and seed tenant `name`.
 *
 * @example
 * const stack = await startClientStack("sdk"); try { … } finally { await stack.stop(); }
 */
export async function startClientStack(name: string): Promise<ClientStack> {
  const dir = await mkdtemp(join(tmpdir(), `nethical-sdk-${name}-`));
  const bootstrap = `sdk-bootstrap-${crypto.randomUUID()}`;
  // DECISION_BUDGET_FLOOR_MS: the test-only floor the workerd suite sets too (workers/src/slo/decision-budget.ts),
  // so a cold first decision on a loaded CI machine is decided, not answered by the fail-safe at 250 ms.
  await writeFile(join(dir, "sdk.vars"), `BOOTSTRAP_ADMIN_KEY=${bootstrap}\nDECISION_BUDGET_FLOOR_MS=3000\n`);
  const dev = await startWranglerDev({ root: ROOT, port: await freePort(), stateDir: join(dir, "state"), envFile: join(dir, "sdk.vars"), timeoutMs: 120_000 });
  const stop = async () => {
    await dev.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const tenant = await seedDevTenant(dev.url, bootstrap, join(dir, "tenant.json"), name);
    return { dev, url: dev.url, tenant, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The audit log's public key, read once "out of band" (here: a plain fetch), to pin in the client.
 *
 * @example
 * const pinned = await fetchAuditKey(stack.url, stack.tenant.keys.auditor);
 */
export async function fetchAuditKey(url: string, auditorKey: string): Promise<{ key_id: string; jwk: { kty: "OKP"; crv: "Ed25519"; x: string } }> {
  const res = await fetch(`${url}/v2/audit/tree-head`, { headers: { authorization: `Bearer ${auditorKey}` } });
  if (!res.ok) throw new Error(`tree head answered ${res.status}`);
  return ((await res.json()) as { public_key: { key_id: string; jwk: { kty: "OKP"; crv: "Ed25519"; x: string } } }).public_key;
}

/**
 * Call `fn` until it resolves (every 100 ms, at most `tries` times): for audit events, which reach the log
 * through the Queue a moment after the decision.
 *
 * @example
 * const proof = await eventually(() => client.audit.event(id));
 */
export async function eventually<T>(fn: () => Promise<T>, tries = 150): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= tries) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
