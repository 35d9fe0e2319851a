/**
 * Evaluate at the PoP, at the AgentState object: it finishes evaluations the Worker prepared
 * (`prepareEvaluation`), and its answers and rows are byte-identical to the transition from before the split
 * (the whole one-phase evaluate inside the critical section: @nethical/core/testing/apply-decision-reference.ts)
 * over a corpus whose agent collects strikes, gets rate limited and ends terminated. A prepared evaluation made
 * with an older bundle than the one the object must use is prepared again inside (counted); one made for
 * another tenant is refused.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { defaultPolicy, loadPolicy, newRow, prepareEvaluation, type AgentRow, type EvaluateRequest, type LoadedPolicy } from "@nethical/core";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { referenceApplyDecision } from "@nethical/core/testing/apply-decision-reference.ts";
import { fetchBundle } from "../policy/fetch-bundle.ts";
import { agentStateName, policyStoreName } from "../storage-keys.ts";

const store = (tenant: string) => env.POLICY_STORE.get(env.POLICY_STORE.idFromName(policyStoreName(tenant)));
const agent = (tenant: string, agentId: string) => env.AGENT_STATE.get(env.AGENT_STATE.idFromName(agentStateName(tenant, agentId)));

/** A tenant whose active policy is the default one with a small rate limit (so the corpus drains the bucket). */
async function tenantWithPolicy(): Promise<{ tenant: string; loaded: LoadedPolicy }> {
  const tenant = `pop-${crypto.randomUUID().slice(0, 8)}`;
  await store(tenant).createTenant(tenant, tenant, Date.now());
  const bundle = await store(tenant).setPolicy(tenant, { ...defaultPolicy(), limits: { rate_limit: { capacity: 30, refill_per_s: 2 } } }, Date.now());
  const { bundle: fetched } = await fetchBundle(env, tenant, { seq: bundle.seq, hash: bundle.hash });
  return { tenant, loaded: loadPolicy(fetched) };
}

/** Benign and harmful actions of several types, each with its own request id (the decision id). */
function corpus(agentId: string): EvaluateRequest[] {
  return buildCorpus({ count: 48, sizes: [200, 1024], seed: 7 }).map((item, i) => ({ ...item.request, agent_id: agentId, request_id: `req-${i}` }));
}

async function failure(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe("AgentState finishes evaluations prepared at the PoP", () => {
  it("answers and records byte-identically to the one-phase transition (strikes, rate limit, sticky TERMINATE)", async () => {
    const { tenant, loaded } = await tenantWithPolicy();
    const ref = { seq: loaded.bundle.seq, hash: loaded.bundle.hash };
    const t0 = Date.UTC(2026, 0, 1);
    let row: AgentRow = newRow(tenant, "arm-1", loaded.rateLimit, t0);
    const seen = new Set<string>();
    const requests = corpus("arm-1");
    for (const [i, request] of requests.entries()) {
      const now = t0 + i * 100; // 10 requests/s against a refill of 2/s: the bucket runs dry
      const decided = await agent(tenant, "arm-1").decide(tenant, prepareEvaluation(request, loaded.compiled), ref, now);
      const expected = referenceApplyDecision(row, loaded, request, now, request.request_id as string);
      expect(JSON.stringify(decided)).toBe(JSON.stringify(expected.decided));
      row = expected.row;
      seen.add(decided.response.decision);
      if (decided.response.explanation.decided_by.some((d) => d.kind === "agent_state" && d.decision === "BLOCK")) seen.add("rate_limited");
    }
    expect([...seen].sort()).toEqual(["ALLOW", "BLOCK", "TERMINATE", "rate_limited"]);
    const view = await agent(tenant, "arm-1").snapshot(tenant, "arm-1", t0);
    expect(view).toMatchObject({ seq: requests.length, terminated: true, strikes: row.strikes, decisions: row.decisions });
    expect(await agent(tenant, "arm-1").preparedStats()).toEqual({ prepared_at_pop: requests.length, reprepared: 0, prepared_here: 0 });
  }, 60_000);

  it("decides plain requests as before (prepared inside, counted)", async () => {
    const { tenant, loaded } = await tenantWithPolicy();
    const ref = { seq: loaded.bundle.seq, hash: loaded.bundle.hash };
    const now = Date.UTC(2026, 0, 1);
    const requests = corpus("arm-2").slice(0, 12);
    const decided = await agent(tenant, "arm-2").decideAll(tenant, requests, ref, now);
    let row: AgentRow = newRow(tenant, "arm-2", loaded.rateLimit, now);
    requests.forEach((request, i) => {
      const expected = referenceApplyDecision(row, loaded, request, now, request.request_id as string);
      expect(JSON.stringify(decided[i])).toBe(JSON.stringify(expected.decided));
      row = expected.row;
    });
    expect(await agent(tenant, "arm-2").preparedStats()).toEqual({ prepared_at_pop: 0, reprepared: 0, prepared_here: 12 });
  });

  it("prepares again with the newer bundle when the agent was already decided under it, and refuses another tenant's", async () => {
    const { tenant, loaded: older } = await tenantWithPolicy();
    const newer = await store(tenant).setPolicy(tenant, { ...defaultPolicy(), rules: [...defaultPolicy().rules, { id: "no-weather", when: { field: "action", op: "contains", value: "weather" }, then: { decision: "BLOCK" } }] }, Date.now());
    const newerLoaded = loadPolicy((await fetchBundle(env, tenant, { seq: newer.seq, hash: newer.hash })).bundle);
    const request: EvaluateRequest = { agent_id: "arm-3", action: "Fetch the weather forecast for Lisbon tomorrow", action_type: "query", request_id: "req-w" };
    const stub = agent(tenant, "arm-3");
    const now = Date.UTC(2026, 0, 1);
    await stub.decide(tenant, prepareEvaluation({ ...request, request_id: "req-0" }, newerLoaded.compiled), { seq: newer.seq, hash: newer.hash }, now);
    // A Worker still on the older bundle: its prepared evaluation is not used, the object decides with the newer one.
    const decided = await stub.decide(tenant, prepareEvaluation(request, older.compiled), { seq: older.bundle.seq, hash: older.bundle.hash }, now);
    expect(decided.policy_hash).toBe(newer.hash);
    expect(decided.response.decision).toBe("BLOCK");
    expect(decided.response.explanation.decided_by.map((d) => d.id)).toContain("no-weather");
    expect(await stub.preparedStats()).toEqual({ prepared_at_pop: 1, reprepared: 1, prepared_here: 0 });

    const { tenant: other, loaded: othersPolicy } = await tenantWithPolicy();
    const foreign = prepareEvaluation(request, othersPolicy.compiled);
    expect(await failure(() => stub.decide(tenant, foreign, { seq: newer.seq, hash: newer.hash }, now))).toMatch(/^\[invalid_call\] .*another tenant/);
    expect(other).not.toBe(tenant);
    expect((await stub.snapshot(tenant, "arm-3", now))?.seq).toBe(2);
  });
});
