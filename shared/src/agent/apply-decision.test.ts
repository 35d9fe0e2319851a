/**
 * The agent transition in Node: one step per decision, numbered without gaps, the token bucket taken,
 * sticky TERMINATE enforced by an override, and each bundle compiled once by a PolicyCache.
 */
import { describe, expect, it } from "vitest";
import { createBundle } from "../policy/bundle.ts";
import { defaultPolicy } from "../policy/default-policy.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import { newRow } from "./agent-row.ts";
import { applyDecision } from "./apply-decision.ts";
import { PolicyCache, loadPolicy } from "./loaded-policy.ts";

const request = (action: string): EvaluateRequest => ({ agent_id: "arm-1", action, action_type: "code_execution" });

async function loaded(capacity = 600) {
  return loadPolicy(await createBundle("acme", 1, { ...defaultPolicy(), limits: { rate_limit: { capacity, refill_per_s: 1 } } }));
}

describe("applyDecision", () => {
  it("numbers decisions 1..n, counts them and records the bundle that decided", async () => {
    const policy = await loaded();
    let row = newRow("acme", "arm-1", policy.rateLimit, 0);
    for (let i = 1; i <= 3; i++) {
      const step = applyDecision(row, policy, request("list files in /tmp"), 1_000 * i, `d${i}`);
      expect(step.decided.seq).toBe(i);
      expect(step.decided.response.decision_id).toBe(`d${i}`);
      expect(step.row.policy_hash).toBe(policy.bundle.hash);
      row = step.row;
    }
    expect(row.requests).toBe(3);
    expect(row.decisions.ALLOW).toBe(3);
  });

  it("takes one token per decision and reports the bucket", async () => {
    const policy = await loaded(2);
    const first = applyDecision(newRow("acme", "arm-1", policy.rateLimit, 0), policy, request("ls"), 0, "a");
    const second = applyDecision(first.row, policy, request("ls"), 0, "b");
    expect(first.decided.rate).toEqual({ limit: 2, remaining: 1, reset_s: 1 });
    expect(second.decided.rate.remaining).toBe(0);
  });

  it("keeps a terminated agent on TERMINATE through an override until it is reinstated", async () => {
    const policy = await loaded();
    const terminated = { ...newRow("acme", "arm-1", policy.rateLimit, 0), terminated: true, terminated_reason: "earlier" };
    const step = applyDecision(terminated, policy, request("list files in /tmp"), 10, "d1");
    expect(step.decided.response.decision).toBe("TERMINATE");
    expect(step.decided.response.explanation.decided_by[0]?.kind).toMatch(/override|agent_state/);
    expect(step.row.terminated).toBe(true);
    expect(step.row.decisions.TERMINATE).toBe(1);
  });
});

describe("PolicyCache", () => {
  it("compiles a bundle once and finds it again by tenant, seq and hash", async () => {
    const bundle = await createBundle("acme", 4, defaultPolicy());
    const cache = new PolicyCache(2);
    const first = cache.load(bundle);
    expect(cache.load(bundle)).toBe(first);
    expect(cache.get("acme", { seq: 4, hash: bundle.hash })).toBe(first);
    expect(cache.get("other", { seq: 4, hash: bundle.hash })).toBeUndefined();
    expect(cache.compilations).toBe(1);
  });

  it("evicts the oldest entry when full", async () => {
    const cache = new PolicyCache(1);
    const a = await createBundle("acme", 1, defaultPolicy());
    const b = await createBundle("acme", 2, defaultPolicy());
    cache.load(a);
    cache.load(b);
    expect(cache.get("acme", a)).toBeUndefined();
    expect(cache.get("acme", b)).toBeDefined();
  });
});
