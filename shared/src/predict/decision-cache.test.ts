/**
 * The decision cache and its fingerprints: hits are re-stamped copies of fresh evaluations, keys hold the
 * policy and exactly the agent-state facts the policy reads, terminated agents and approval retries are never
 * cached, the LRU is bounded and a policy change clears it.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../evaluate.ts";
import { createBundle } from "../policy/bundle.ts";
import { compilePolicy } from "../policy/compile.ts";
import { defaultPolicy } from "../policy/default-policy.ts";
import type { PolicyDocument } from "../policy/schema.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import { emptyAgentState } from "../schemas/agent-state.ts";
import { DecisionCache, RESPONSE_BYTES_ESTIMATE, cachedEvaluate } from "./decision-cache.ts";
import { decisionKey, requestKey, stateEpoch } from "./fingerprint.ts";
import { policyReads } from "./policy-reads.ts";

const read = (path: string, id?: string): EvaluateRequest => ({
  agent_id: "coder-1",
  action: "read_file",
  action_type: "tool_call",
  tool: { name: "read_file", arguments: { path } },
  ...(id === undefined ? {} : { request_id: id }),
});

async function compiled(seq = 1, doc: PolicyDocument = defaultPolicy()) {
  return compilePolicy(await createBundle("acme", seq, doc));
}

describe("fingerprints", () => {
  it("derive the agent fields read from the compiled rules", async () => {
    const policy = await compiled();
    expect(policyReads(policy).agentFields).toEqual(["agent.strikes"]);
    const doc = defaultPolicy();
    const withCounters = await compiled(2, {
      ...doc,
      rules: [...doc.rules, { id: "burst", when: { any: [{ field: "agent.window_requests", op: "gt", value: 50 }, { not: { field: "agent.decisions.BLOCK", op: "gte", value: 3 } }] }, then: { decision: "BLOCK" } }],
    });
    expect(policyReads(withCounters).agentFields).toEqual(["agent.decisions.BLOCK", "agent.strikes", "agent.window_requests"]);
  });

  it("ignore request_id and key order, and change with any state fact the decision reads", async () => {
    const policy = await compiled();
    const a = requestKey(read("src/a.ts", "r1"));
    expect(a).toBe(requestKey({ tool: { arguments: { path: "src/a.ts" }, name: "read_file" }, action_type: "tool_call", action: "read_file", agent_id: "coder-1" }));
    const s = emptyAgentState();
    expect(stateEpoch(s, policy)).toBe("r0|v0|agent.strikes=0");
    expect(stateEpoch({ ...s, strikes: 1 }, policy)).not.toBe(stateEpoch(s, policy));
    expect(stateEpoch({ ...s, rate_limited: true }, policy)).not.toBe(stateEpoch(s, policy));
    expect(stateEpoch({ ...s, requests: 4, violations: 1 }, policy)).not.toBe(stateEpoch({ ...s, requests: 5, violations: 1 }, policy));
    // requests alone is not read by this policy (the violation ratio stays 0)
    expect(stateEpoch({ ...s, requests: 9 }, policy)).toBe(stateEpoch(s, policy));
    expect(stateEpoch({ ...s, terminated: true }, policy)).toBeUndefined();
    expect(decisionKey({ ...read("x"), approval_id: `apr_${"0".repeat(32)}` }, policy, s)).toBeUndefined();
  });
});

describe("DecisionCache", () => {
  it("serves a hit that equals a fresh evaluation except the re-stamped decision_id", async () => {
    const policy = await compiled();
    const cache = new DecisionCache(8);
    const s = emptyAgentState();
    const first = cachedEvaluate(cache, read("src/a.ts"), policy, s, 1000, { decisionId: "d1" });
    const second = cachedEvaluate(cache, read("src/a.ts"), policy, s, 2000, { decisionId: "d2" });
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
    expect(JSON.stringify(second)).toBe(JSON.stringify(evaluate(read("src/a.ts"), policy, s, 2000, { decisionId: "d2" })));
    expect(first.decision_id).toBe("d1");
    // a hit and a miss share the entry's frozen parts: changing them throws instead of changing the cache
    expect(() => second.violations.push({ id: "x", law: 1, category: "x", severity: "low", confidence: 1 })).toThrow(TypeError);
    expect(() => first.explanation.decided_by.pop()).toThrow(TypeError);
    first.decision_id = "changed"; // the top level is the caller's own
    const third = cachedEvaluate(cache, read("src/a.ts", "rid"), policy, s, 3000);
    expect(third.violations).toHaveLength(first.violations.length);
    expect(third.decision_id).toBe("rid");
    const fourth = cachedEvaluate(cache, read("src/a.ts"), policy, s, 4000);
    expect(JSON.stringify(fourth)).toBe(JSON.stringify(evaluate(read("src/a.ts"), policy, s, 4000)));
  });

  it("never caches a terminated agent's decision", async () => {
    const policy = await compiled();
    const cache = new DecisionCache(8);
    const dead = { ...emptyAgentState(), terminated: true };
    cachedEvaluate(cache, read("a"), policy, dead, 1, { decisionId: "1" });
    const again = cachedEvaluate(cache, read("a"), policy, dead, 2, { decisionId: "2" });
    expect(again.decision).toBe("TERMINATE");
    expect(cache.stats()).toMatchObject({ hits: 0, uncacheable: 2, entries: 0 });
  });

  it("is a bounded LRU and is cleared by a policy change", async () => {
    const p1 = await compiled(1);
    const p2 = await compiled(2);
    const cache = new DecisionCache(2);
    const s = emptyAgentState();
    cachedEvaluate(cache, read("a"), p1, s, 1, { decisionId: "1" });
    cachedEvaluate(cache, read("b"), p1, s, 1, { decisionId: "2" });
    cachedEvaluate(cache, read("a"), p1, s, 1, { decisionId: "3" }); // a is now most recent
    cachedEvaluate(cache, read("c"), p1, s, 1, { decisionId: "4" }); // evicts b
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 3, evictions: 1, entries: 2 });
    cachedEvaluate(cache, read("a"), p1, s, 1, { decisionId: "5" });
    expect(cache.stats().hits).toBe(2);
    const fresh = cachedEvaluate(cache, read("a"), p2, s, 1, { decisionId: "6" });
    expect(fresh.policy_version).toBe(p2.version);
    expect(cache.stats()).toMatchObject({ invalidations: 1, entries: 1, hits: 2 });
    // one request keeps an answer per agent-state epoch (here: before and after a strike)
    cachedEvaluate(cache, read("a"), p2, { ...s, strikes: 1 }, 1, { decisionId: "7" });
    expect(cache.stats()).toMatchObject({ entries: 2, misses: 5 });
  });

  it("keeps to a byte budget: long requests evict by their size, not only by count", async () => {
    const policy = await compiled();
    const s = emptyAgentState();
    const long = (tag: string): EvaluateRequest => ({ agent_id: "a", action: `${tag} ${"x".repeat(10_000)}`, action_type: "query" });
    // Room for about two 10 KB requests, where the count alone would allow 100.
    const cache = new DecisionCache(100, 2 * (10_100 + RESPONSE_BYTES_ESTIMATE) + 500);
    for (const tag of ["a", "b", "c"]) cachedEvaluate(cache, long(tag), policy, s, 1, { decisionId: tag });
    const stats = cache.stats();
    expect(stats).toMatchObject({ entries: 2, evictions: 1, max_bytes: 2 * (10_100 + RESPONSE_BYTES_ESTIMATE) + 500 });
    expect(stats.bytes).toBeLessThanOrEqual(stats.max_bytes ?? 0);
    cachedEvaluate(cache, long("c"), policy, s, 2, { decisionId: "c2" });
    expect(cache.stats().hits).toBe(1); // the newest stayed
    // A request larger than the whole budget is answered, not cached.
    const tiny = new DecisionCache(100, 1000);
    cachedEvaluate(tiny, long("d"), policy, s, 1, { decisionId: "d" });
    expect(tiny.stats()).toMatchObject({ entries: 0, bytes: 0 });
    expect(new DecisionCache(8).stats().max_bytes).toBeNull();
  });
});
