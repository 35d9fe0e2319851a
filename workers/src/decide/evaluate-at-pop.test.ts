/**
 * Evaluate at the PoP through the real route: `POST /v2/evaluate` prepares each request in the Worker
 * (detectors, rules that read no agent state) and its AgentState object only finishes it. Every answer is
 * byte-identical (apart from `latency_ms`, which the route measures) to the transition from before the split
 * — the whole one-phase evaluate inside the object (@nethical/core/testing/apply-decision-reference.ts) —
 * replayed here on the same agent, whose state moves (strikes, window requests, the rate limit, a sticky TERMINATE).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadPolicy, newRow, type AgentRow, type EvaluateRequest } from "@nethical/core";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { referenceApplyDecision } from "@nethical/core/testing/apply-decision-reference.ts";
import { policyStoreName } from "@nethical/durable-objects/storage-keys";
import { createTenant, defaultPolicyWith, evaluate, setPolicy } from "../testing/api.ts";

/** Rules of both kinds: request-only ones (run at the PoP) and agent-state ones (run in the object). */
const RULES = [
  { id: "shell-sandbox", priority: 2, when: { field: "tool.name", op: "eq", value: "shell" }, then: { decision: "RESTRICT", obligations: [{ type: "sandbox" }] } },
  { id: "risky-block", when: { risk: { gte: 0.7 } }, then: { decision: "BLOCK" } },
  { id: "busy-secrets", priority: 3, when: { all: [{ finding: { type: "SECRET" } }, { field: "agent.window_requests", op: "gte", value: 5 }] }, then: { decision: "BLOCK" } },
];

function corpus(agentId: string): EvaluateRequest[] {
  return buildCorpus({ count: 30, sizes: [200, 800], seed: 11 }).map((item, i): EvaluateRequest => ({
    ...item.request,
    agent_id: agentId,
    request_id: `pop-${i}`,
    ...(i % 4 === 1 ? { action_type: "tool_call", tool: { name: "shell", arguments: { command: item.request.action.slice(0, 120) } } } : {}),
  }));
}

describe("POST /v2/evaluate evaluates at the PoP", () => {
  it("answers byte-identically to the one-phase evaluation inside the object, with the agent's state moving", async () => {
    const { tenant, keys } = await createTenant("pop");
    // A small bucket that barely refills during the test: the corpus drains it (rate limited from request 16).
    await setPolicy(keys.operator, { ...defaultPolicyWith(RULES), limits: { rate_limit: { capacity: 15, refill_per_s: 0.01 } } });
    const bundle = await env.POLICY_STORE.get(env.POLICY_STORE.idFromName(policyStoreName(tenant))).getActive(tenant);
    if (bundle === null) throw new Error("no active bundle");
    const loaded = loadPolicy(bundle);
    const requests = corpus("arm-pop");
    let row: AgentRow | null = null;
    const seen = new Set<string>();
    for (const request of requests) {
      const res = await evaluate(keys.agent, request);
      expect(res.status).toBe(200);
      const now = Date.now();
      row ??= newRow(tenant, "arm-pop", loaded.rateLimit, now);
      const expected = referenceApplyDecision(row, loaded, request, now, request.request_id as string);
      expect(JSON.stringify({ ...res.body, latency_ms: 0 })).toBe(JSON.stringify(expected.decided.response));
      expect(Number(res.headers.get("x-nethical-agent-seq"))).toBe(expected.decided.seq);
      row = expected.row;
      seen.add(res.body.decision);
      if (res.body.explanation.decided_by.some((d) => d.id === "law.5.rate-limit")) seen.add("rate_limited");
    }
    expect([...seen].sort()).toEqual(["ALLOW", "BLOCK", "RESTRICT", "TERMINATE", "rate_limited"]);
    expect(row?.terminated).toBe(true);
  }, 120_000);
});
