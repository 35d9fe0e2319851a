/**
 * `npm run bench:integrations`: `POST /v2/evaluate` through @nethical/client against a plain `fetch`,
 * same Worker (the real one under `wrangler dev`, shipped wrangler.toml), same run, interleaved call by
 * call (the order within each pair alternates, so drift and connection reuse hit both alike), concurrency 1.
 *
 * Both send the same benign 1 KB request (bench corpus) for the same agent (64 agents in turn, so no
 * agent's token bucket empties) with the same agent key. The raw call does the least a correct caller
 * does: JSON body, Authorization, a request id, read the JSON answer. The client adds what it is for: a
 * `request_id` in the body, openapi-fetch's request building, the body copied for retries, a per-attempt
 * timeout signal, the problem+json check. Writes bench/results/integrations.json: p50/p90/p99 of both,
 * the p50 ratio (client / raw) and the client's added p50 in µs. REQUESTS pairs (default 1,000, at most
 * 5,000: below KEY_LIMITER's 6,000 per key per 60 s with two keys). Any error makes the exit code 1.
 * In the same run, the inbound webhook verification cost in µs (bench/lib/webhook-verify-cost.ts, the
 * measurement `bench:webhook-verify` also makes), so the file holds both figures the integrations ask for.
 */
import { NethicalClient } from "@nethical/client";
import { startLoadStack } from "./lib/load-stack.ts";
import { benignRequests, rawEvaluate } from "./lib/raw-evaluate.ts";
import { table, writeResult } from "./lib/results.ts";
import { percentile, round } from "./lib/stats.ts";
import { measureWebhookVerification } from "./lib/webhook-verify-cost.ts";

const REQUESTS = Math.min(Math.max(Number(process.env.REQUESTS ?? 1_000), 50), 5_000);
const WARMUP = 128;
const AGENTS = 64;

const stack = await startLoadStack("integrations", 2);
let failed = false;
try {
  const { dev, agentKeys } = stack;
  const request = benignRequests(47, "int-agent-", AGENTS);
  const sdk = new NethicalClient({ baseUrl: dev.url, apiKey: agentKeys[0] as string });
  const rawKey = agentKeys[1] as string;

  const viaClient = async (i: number) => {
    const res = await sdk.evaluate(request(i));
    if (typeof res.decision !== "string") throw new Error("client: no decision");
  };
  const viaFetch = (i: number) => rawEvaluate(dev.url, rawKey, request(i), { "x-request-id": crypto.randomUUID() });
  const time = async (fn: () => Promise<void>, into: number[]) => {
    const t0 = performance.now();
    await fn();
    into.push(performance.now() - t0);
  };

  const scratch: number[] = [];
  for (let i = 0; i < WARMUP; i++) {
    await time(() => viaClient(i), scratch);
    await time(() => viaFetch(i), scratch);
  }
  const client: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    if (i % 2 === 0) {
      await time(() => viaClient(i), client);
      await time(() => viaFetch(i), raw);
    } else {
      await time(() => viaFetch(i), raw);
      await time(() => viaClient(i), client);
    }
  }
  const figures = (s: number[]) => ({ p50_ms: round(percentile(s, 50), 3), p90_ms: round(percentile(s, 90), 3), p99_ms: round(percentile(s, 99), 3) });
  const c = figures(client);
  const r = figures(raw);
  const ratio = round(percentile(client, 50) / percentile(raw, 50), 3);
  const addedUs = round((percentile(client, 50) - percentile(raw, 50)) * 1000, 0);
  console.log(table([
    ["path", "p50 ms", "p90 ms", "p99 ms"],
    ["@nethical/client", c.p50_ms, c.p90_ms, c.p99_ms],
    ["raw fetch", r.p50_ms, r.p90_ms, r.p99_ms],
  ]));
  console.log(`p50 ratio client/raw ${ratio}; client adds ${addedUs} µs at p50 (${REQUESTS} pairs, interleaved)`);
  const webhook = measureWebhookVerification();
  console.log(`webhook verification: ${webhook.one_secret.median_us} µs median (one secret), ${webhook.rotation_second_secret_matches.median_us} µs (rotation, second secret matches)`);
  const file = await writeResult("integrations", {
    what: "POST /v2/evaluate through @nethical/client vs raw fetch, same wrangler dev, same run, interleaved, concurrency 1, 1 KB benign requests over 64 agents",
    pairs: REQUESTS,
    evaluate: { client: c, raw_fetch: r, p50_ratio: ratio, client_added_p50_us: addedUs },
    webhook_verification: { what: "µs per inbound webhook verification (standardwebhooks, ~1 KB event) in Node, same run", ...webhook },
  });
  console.log(`wrote ${file}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await stack.stop();
}
process.exit(failed ? 1 : 0);
