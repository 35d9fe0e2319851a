/**
 * The pattern profiler learns shape transitions per agent type, carries argument values over (the file just
 * read is the file written next), stays within its bounds, and pre-computation turns a right guess into a hit.
 */
import { describe, expect, it } from "vitest";
import { applyDecision } from "../agent/apply-decision.ts";
import { newRow } from "../agent/agent-row.ts";
import { loadPolicy } from "../agent/loaded-policy.ts";
import { createBundle } from "../policy/bundle.ts";
import { defaultPolicy } from "../policy/default-policy.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import { agentTypeOf, callShape } from "./call-shape.ts";
import { DecisionCache, cachedEvaluate } from "./decision-cache.ts";
import { requestKey, stateEpoch } from "./fingerprint.ts";
import { nextSnapshot, precompute } from "./precompute.ts";
import { PatternProfiler } from "./profiler.ts";

const call = (name: string, args: Record<string, unknown>, agent = "coder-1"): EvaluateRequest => ({
  agent_id: agent,
  action: name,
  action_type: "tool_call",
  tool: { name, arguments: args },
});

describe("callShape and agentTypeOf", () => {
  it("keep enum-like values and classify the rest", () => {
    expect(callShape(call("git", { command: "status", path: "src/a.ts", n: 3 }))).toBe("tool_call|git|command=status,n=<n>,path=<path>");
    expect(callShape({ agent_id: "s", action: "hello there", action_type: "message" })).toBe("message|");
    expect(agentTypeOf(call("x", {}, "robot_arm-3f9a2c1d"))).toBe("robot_arm");
    expect(agentTypeOf({ ...call("x", {}, "r-9"), context: { agent_type: "picker" } })).toBe("picker");
  });
});

describe("PatternProfiler", () => {
  it("predicts the likeliest next call with carried-over arguments", () => {
    const p = new PatternProfiler();
    for (const f of ["a.ts", "b.ts", "c.ts"]) {
      p.observe("coder", call("read_file", { path: `src/${f}` }), call("run_tests", { path: `src/${f}` }));
    }
    p.observe("coder", call("read_file", { path: "src/a.ts" }), call("git", { command: "status" }));
    const guesses = p.predict("coder", call("read_file", { path: "src/z.ts" }, "coder-9"), 2);
    expect(guesses[0]?.request).toEqual(call("run_tests", { path: "src/z.ts" }, "coder-9"));
    expect(guesses[0]?.probability).toBe(0.75);
    expect(guesses[1]?.request.tool?.name).toBe("git");
    expect(p.predict("support", call("read_file", { path: "x/y" }), 3)).toEqual([]);
  });

  it("stays within its bounds", () => {
    const p = new PatternProfiler({ maxTypes: 2, maxStates: 4, maxEdges: 2, maxExemplars: 2 });
    for (let i = 0; i < 200; i++) {
      p.observe(`t${i % 3}`, call(`tool${i % 7}`, { v: `x y ${i}` }), call(`tool${(i * 5) % 11}`, { v: `${i}` }));
    }
    const s = p.stats();
    expect(s.types).toBeLessThanOrEqual(2);
    expect(s.states).toBeLessThanOrEqual(2 * 4);
    expect(s.edges).toBeLessThanOrEqual(2 * 4 * 2);
    expect(s.templates).toBeLessThanOrEqual(2 * 4 * 2 * 2);
    expect(s.observations).toBe(200);
  });
});

describe("precompute", () => {
  it("stores the guesses under the next state's key, so the right guess is a hit", async () => {
    const policy = loadPolicy(await createBundle("acme", 1, defaultPolicy()));
    const cache = new DecisionCache(64);
    const profiler = new PatternProfiler();
    profiler.observe("coder", call("read_file", { path: "src/a.ts" }), call("run_tests", { path: "src/a.ts" }));
    const now = 10_000;
    let row = newRow("acme", "coder-1", policy.rateLimit, 0);
    const first = call("read_file", { path: "src/q.ts" });
    const step = applyDecision(row, policy, first, now, "d1");
    row = step.row;
    const next = nextSnapshot(row, policy, now);
    const r = precompute({ cache, profiler, agentType: "coder", request: first, policy, agent: next, now, budgetUs: 1e9 });
    expect(r).toMatchObject({ evaluated: 1, skipped: 0 });
    expect(cache.has(requestKey(call("run_tests", { path: "src/q.ts" })) as string, stateEpoch(next, policy.compiled) as string)).toBe(true);
    const served = cachedEvaluate(cache, call("run_tests", { path: "src/q.ts" }), policy.compiled, nextSnapshot(row, policy, now + 500), now + 500, { decisionId: "d2" });
    expect(served.decision_id).toBe("d2");
    expect(cache.stats()).toMatchObject({ hits: 1, precomputed: 1, precomputed_hits: 1 });
  });
});
