/**
 * The benches' plain HTTP caller: benign ~1 KB evaluate requests from the bench corpus spread over a set of
 * agents (so no agent's token bucket empties), and a `POST /v2/evaluate` with nothing but `fetch` — the
 * least a correct caller does: JSON body, Authorization, read the JSON answer, check it.
 */
import { buildCorpus } from "@nethical/core/testing/corpus.ts";

/** An evaluate request body as the benches send it. */
export type BenchRequest = { agent_id: string; action: string; action_type: string };

/**
 * The `i`-th benign 1 KB request (256-request corpus from `seed`), for agent `<prefix><i mod agents>`.
 *
 * @example
 * const request = benignRequests(47, "int-agent-", 64);
 * request(3); // { action: "…", action_type: "query", agent_id: "int-agent-3" }
 */
export function benignRequests(seed: number, prefix: string, agents: number): (i: number) => BenchRequest {
  const corpus = buildCorpus({ count: 256, sizes: [1024], seed, harmfulShare: 0 });
  return (i) => ({ ...(corpus[i % corpus.length]?.request as { action: string; action_type: string }), agent_id: `${prefix}${i % agents}` });
}

/**
 * POST `body` to `<baseUrl>/v2/evaluate` with `key`; throws unless the answer is 200 with a decision.
 *
 * @example
 * await rawEvaluate(dev.url, agentKey, request(0), { "x-request-id": crypto.randomUUID() });
 */
export async function rawEvaluate(baseUrl: string, key: string, body: BenchRequest, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(`${baseUrl}/v2/evaluate`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { decision?: unknown };
  if (res.status !== 200 || typeof answer.decision !== "string") throw new Error(`evaluate answered HTTP ${res.status}`);
}
