/**
 * `npm run suite:load`: `/v2/evaluate` against the same authenticated middleware path with no decision (an
 * unknown `/v2/` route: request context, authentication, key and tenant limits, then 404), measured in the
 * same run through the real Worker under `wrangler dev` on 127.0.0.1, at concurrency 1, 16 and 64 (keep-alive
 * `fetch`). Writes bench/results/http.json: per concurrency `evaluate_p50_ms`, `evaluate_p99_ms`,
 * `noop_p50_ms`, `noop_p99_ms`, `overhead_ratio` (evaluate p50 / no-op p50) and `rps` (evaluate). Requests
 * are spread over 8 agent keys so the per-key limit (6,000 per 60 s) is never reached. Bounded: REQUESTS
 * per concurrency level and kind (default 400).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@nethical/dev-stack/postgres-port";
import { seedDevTenant } from "@nethical/dev-stack/seed";
import { startWranglerDev } from "@nethical/dev-stack/wrangler-dev";
import { table, writeResult } from "./lib/results.ts";
import { percentile, round } from "./lib/stats.ts";

const REQUESTS = Math.min(Number(process.env.REQUESTS ?? 400), 2_000);
const LEVELS = [1, 16, 64];
const root = join(import.meta.dirname, "..");

/** Run `total` calls of `call` with `concurrency` in flight; the latency of each in ms and the wall time. */
async function drive(total: number, concurrency: number, call: (i: number) => Promise<void>): Promise<{ samples: number[]; seconds: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await call(i);
        samples.push(performance.now() - t);
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

const dir = await mkdtemp(join(tmpdir(), "nethical-bench-load-"));
const bootstrap = `bench-bootstrap-${crypto.randomUUID()}`;
await writeFile(join(dir, "bench.vars"), `BOOTSTRAP_ADMIN_KEY=${bootstrap}\n`);
const dev = await startWranglerDev({ root, port: await freePort(), stateDir: join(dir, "state"), envFile: join(dir, "bench.vars"), timeoutMs: 120_000 });
try {
  const tenant = await seedDevTenant(dev.url, bootstrap, join(dir, "tenant.json"), "load");
  const keys: string[] = [];
  for (let k = 0; k < 8; k++) {
    const res = await fetch(`${dev.url}/v2/admin/tenants/load/keys`, { method: "POST", headers: { authorization: `Bearer ${tenant.keys.admin}`, "content-type": "application/json" }, body: '{"role":"agent"}' });
    keys.push(((await res.json()) as { secret: string }).secret);
  }
  const evaluate = async (i: number) => {
    const res = await fetch(`${dev.url}/v2/evaluate`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys[i % keys.length]}`, "content-type": "application/json" },
      body: JSON.stringify({ agent_id: `load-agent-${i % 97}`, action: `read sensor ${i} and report the temperature`, action_type: "query" }),
    });
    if (res.status !== 200) throw new Error(`evaluate answered ${res.status}`);
    await res.arrayBuffer();
  };
  const noop = async (i: number) => {
    const res = await fetch(`${dev.url}/v2/no-op`, { headers: { authorization: `Bearer ${keys[i % keys.length]}` } });
    if (res.status !== 404) throw new Error(`no-op answered ${res.status}`);
    await res.arrayBuffer();
  };
  await drive(50, 4, evaluate); // warm-up: isolates, Durable Objects, caches
  await drive(50, 4, noop);
  const levels: Record<string, Record<string, number>> = {};
  for (const c of LEVELS) {
    const n = await drive(REQUESTS, c, noop);
    const e = await drive(REQUESTS, c, evaluate);
    levels[String(c)] = {
      evaluate_p50_ms: round(percentile(e.samples, 50), 2),
      evaluate_p99_ms: round(percentile(e.samples, 99), 2),
      noop_p50_ms: round(percentile(n.samples, 50), 2),
      noop_p99_ms: round(percentile(n.samples, 99), 2),
      overhead_ratio: round(percentile(e.samples, 50) / percentile(n.samples, 50), 2),
      rps: round(REQUESTS / e.seconds, 1),
    };
  }
  console.log(table([["concurrency", "evaluate p50 ms", "evaluate p99 ms", "no-op p50 ms", "no-op p99 ms", "ratio", "evaluate rps"], ...LEVELS.map((c) => {
    const l = levels[String(c)] as Record<string, number>;
    return [c, l.evaluate_p50_ms, l.evaluate_p99_ms, l.noop_p50_ms, l.noop_p99_ms, l.overhead_ratio, l.rps] as (string | number)[];
  })]));
  console.log(await writeResult("http", { requests_per_level: REQUESTS, server: "wrangler dev (workerd) on 127.0.0.1, 2 shared cores", noop: "GET /v2/no-op: authenticated, limits counted, 404", concurrency: levels }));
} finally {
  await dev.stop();
  await rm(dir, { recursive: true, force: true });
}
