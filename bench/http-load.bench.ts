/**
 * `npm run suite:load`: `POST /v2/evaluate` against `GET /v2/whoami`, the authenticated no-op (the same
 * middleware path: request context, authentication, the per-key and per-tenant limits; no decision, no
 * Durable Object, no audit event), measured in the same run through the real Worker under `wrangler dev`
 * (workerd) on 127.0.0.1 with the shipped wrangler.toml, at concurrency 1, 16 and 64 (closed loop,
 * keep-alive `fetch`). Evaluate sends 1 KB benign actions from the bench corpus over 64 agents (ALLOW
 * path, each decision audited through the Queue and the AuditLog). Each level runs ROUNDS alternating
 * batches of no-op then evaluate, so drift hits both alike. Calls are spread over 8 agent keys of one
 * tenant: KEY_LIMITER (6,000 per key per 60 s) and TENANT_LIMITER (30,000 per tenant) are never reached.
 *
 * Writes bench/results/http.json: per concurrency `evaluate_p50_ms`, `evaluate_p99_ms`, `noop_p50_ms`,
 * `noop_p99_ms`, `overhead_ratio` (evaluate p50 / no-op p50) and `rps` (evaluate), plus errors and the
 * load generator's own CPU per call. Bounded: REQUESTS calls per kind and level (default 1,000, at most
 * 10,000), 120 s per batch. Any error is written down and makes the exit code 1.
 */
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { drive, LEVEL_FIELDS, levelFigures } from "./lib/load.ts";
import { expectStatus, startLoadStack } from "./lib/load-stack.ts";
import { table, writeResult } from "./lib/results.ts";
import { round } from "./lib/stats.ts";

const REQUESTS = Math.min(Math.max(Number(process.env.REQUESTS ?? 1_000), 40), 10_000);
const LEVELS = [1, 16, 64] as const;
const ROUNDS = 4;
const BATCH_SECONDS = 120;
const AGENTS = 64;

const stack = await startLoadStack("load", 8);
try {
  const { dev, agentKeys } = stack;
  const corpus = buildCorpus({ count: 256, sizes: [1024], seed: 31, harmfulShare: 0 });
  const key = (i: number) => agentKeys[i % agentKeys.length] as string;
  const evaluate = (i: number) =>
    expectStatus(
      `${dev.url}/v2/evaluate`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${key(i)}`, "content-type": "application/json" },
        body: JSON.stringify({ ...(corpus[i % corpus.length]?.request as object), agent_id: `load-agent-${i % AGENTS}` }),
      },
      200,
    );
  const noop = (i: number) => expectStatus(`${dev.url}/v2/whoami`, { headers: { authorization: `Bearer ${key(i)}` } }, 200);
  // Warm-up: isolates, every agent's Durable Object, the policy caches, the connection pool.
  await drive({ total: AGENTS * 2, concurrency: 4, maxSeconds: BATCH_SECONDS }, evaluate);
  await drive({ total: 100, concurrency: 4, maxSeconds: BATCH_SECONDS }, noop);

  const levels: Record<string, Record<string, number>> = {};
  let anyError = false;
  let offset = 0;
  for (const c of LEVELS) {
    const e = { samples: [] as number[], errors: 0, seconds: 0 };
    const n = { samples: [] as number[], errors: 0 };
    const cpu = process.cpuUsage();
    for (let r = 0; r < ROUNDS; r++) {
      const per = Math.ceil(REQUESTS / ROUNDS);
      const nr = await drive({ total: per, concurrency: c, maxSeconds: BATCH_SECONDS }, (i) => noop(offset + i));
      const er = await drive({ total: per, concurrency: c, maxSeconds: BATCH_SECONDS }, (i) => evaluate(offset + i));
      offset += per;
      n.samples.push(...nr.samples);
      n.errors += nr.errors;
      e.samples.push(...er.samples);
      e.errors += er.errors;
      e.seconds += er.seconds;
    }
    const used = process.cpuUsage(cpu);
    anyError ||= e.errors > 0 || n.errors > 0;
    levels[String(c)] = {
      ...levelFigures(e.samples, n.samples, e.seconds),
      evaluate_calls: e.samples.length,
      noop_calls: n.samples.length,
      evaluate_errors: e.errors,
      noop_errors: n.errors,
      client_cpu_ms_per_call: round((used.user + used.system) / 1000 / (e.samples.length + n.samples.length), 3),
    };
  }
  console.log(table([["concurrency", ...LEVEL_FIELDS, "errors"], ...LEVELS.map((c) => {
    const l = levels[String(c)] as Record<string, number>;
    return [c, ...LEVEL_FIELDS.map((f) => l[f] as number), (l.evaluate_errors as number) + (l.noop_errors as number)];
  })]));
  console.log(
    await writeResult("http", {
      requests_per_level: REQUESTS,
      rounds_per_level: ROUNDS,
      server: "wrangler dev (workerd) on 127.0.0.1 with the shipped wrangler.toml; the load generator on the same 2 shared cores",
      evaluate: "POST /v2/evaluate, 1 KB benign actions (bench corpus), 64 agents, 8 agent keys of one tenant",
      noop: "GET /v2/whoami: request context, authentication, key and tenant limits counted, no decision",
      concurrency: levels,
    }),
  );
  if (anyError) process.exitCode = 1;
} finally {
  await stack.stop();
}
