/**
 * The audit archive under `wrangler dev` (real workerd, local R2, Durable Objects, Queues; no Postgres
 * needed): decisions through `/v2/evaluate`, `POST /v2/audit/archive/run` seals them into the local R2
 * bucket, `GET /v2/audit/tree-head` comes cosigned by the Witness; then wrangler is stopped, the objects are
 * downloaded from the local R2 store with `wrangler r2 object get --local` and verified by the real
 * `nethical audit verify --archive` process — from R2 alone. (Retention over seven years needs an injected
 * clock: durable-objects/src/audit-archive/archive-round-trip.test.ts.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envFileText } from "../audit-env.ts";
import { freePort } from "../postgres-port.ts";
import { seedDevTenant, type DevTenant } from "../seed.ts";
import { startWranglerDev, type WranglerDev } from "../wrangler-dev.ts";
import { until } from "./audit-stack.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const NODE = process.execPath;
let dir: string;
let dev: WranglerDev | undefined;
let tenant: DevTenant;

async function call(key: string, path: string, method = "GET", json?: unknown): Promise<Response> {
  return fetch(`${dev!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nethical-archive-e2e-"));
  const bootstrap = `e2e-bootstrap-${randomBytes(16).toString("hex")}`;
  const envFile = join(dir, "wrangler.env");
  writeFileSync(envFile, envFileText({ BOOTSTRAP_ADMIN_KEY: bootstrap }), { mode: 0o600 });
  dev = await startWranglerDev({ root: ROOT, port: await freePort(), stateDir: join(dir, "wrangler"), envFile, timeoutMs: 120_000 });
  tenant = await seedDevTenant(dev.url, bootstrap, join(dir, "tenant.json"), "archive-e2e");
}, 180_000);

afterAll(async () => {
  await dev?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("audit archive round trip under wrangler dev (local R2)", { timeout: 180_000 }, () => {
  it("seals decisions into R2, cosigns the head, and the objects downloaded from R2 verify with the CLI", async () => {
    for (let i = 0; i < 6; i++) {
      const res = await call(tenant.keys.agent, "/v2/evaluate", "POST", { agent_id: `robot-${i % 2}`, action: `read sensor ${i}`, action_type: "query" });
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
    let size = 0;
    expect(
      await until(async () => {
        size = ((await (await call(tenant.keys.auditor, "/v2/audit/status")).json()) as { tree_size: number }).tree_size;
        return size >= 6;
      }, 60_000),
    ).toBe(true);

    const run = (await (await call(tenant.keys.admin, "/v2/audit/archive/run", "POST")).json()) as { sealed: { key: string; from_leaf: number; to_leaf: number; cosigned: boolean }[] };
    expect(run.sealed.length).toBeGreaterThan(0);
    const end = run.sealed.at(-1)!.to_leaf;
    const head = (await (await call(tenant.keys.auditor, "/v2/audit/tree-head")).json()) as { witness: { status: string }; cosignatures: unknown[] };
    expect(head.witness.status).toBe("cosigned");
    const witness = (await (await call(tenant.keys.auditor, "/v2/audit/witness")).json()) as { public_key: unknown };
    writeFileSync(join(dir, "witness.json"), JSON.stringify(witness.public_key));

    await dev!.stop(); // from here on: the local R2 store only
    for (const { key } of run.sealed) {
      const out = join(dir, "download", key);
      mkdirSync(dirname(out), { recursive: true });
      execFileSync(NODE, [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "r2", "object", "get", `nethical-audit-archive/${key}`, "--local", "--persist-to", join(dir, "wrangler"), "--file", out], { cwd: ROOT, stdio: "pipe", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
    }
    const cli = spawnSync(NODE, [join(ROOT, "cli/bin/nethical.js"), "audit", "verify", "--archive", join(dir, "download", "t", tenant.tenant, "audit"), "--witness-key", join(dir, "witness.json"), "--complete", `0..${end}`], { cwd: ROOT, encoding: "utf8" });
    expect(cli.stderr).toBe("");
    expect(cli.stdout).toMatch(new RegExp(`VERIFIED: ${end} leaves proven`));
    expect(cli.stdout).toMatch(/witness: 1 cosigned, 0 uncosigned/);
    expect(cli.status).toBe(0);
  });
});
