/**
 * The PoP's preparation cache: a repeated request (another request id) is served the same preparation with
 * its own request; the warm-up prepares the profiler's guesses (here, the file just read is written next), so
 * the next request is a hit; another policy never meets the old entries; the object's answer from a cached or
 * warmed preparation is what a fresh preparation gives.
 */
import { describe, expect, it } from "vitest";
import { createBundle, defaultPolicy, emptyAgentState, finishEvaluation, loadPolicy, prepareEvaluation, type EvaluateRequest } from "@nethical/core";
import { PreparedAtPop } from "./prepared-at-pop.ts";

const call = (name: string, args: Record<string, unknown>, id: string): EvaluateRequest => ({ agent_id: "coder-1", action: name, action_type: "tool_call", tool: { name, arguments: args }, request_id: id });

describe("PreparedAtPop", () => {
  it("serves repeats and warmed guesses; answers equal fresh preparations", async () => {
    const p1 = loadPolicy(await createBundle("acme", 1, defaultPolicy())).compiled;
    const p2 = loadPolicy(await createBundle("acme", 2, defaultPolicy())).compiled;
    const pop = new PreparedAtPop();
    const files = ["src/a.ts", "src/b.ts", "src/c.ts"];
    let n = 0;
    for (const f of files) {
      const mine = [call("read_file", { path: f }, `r${++n}`), call("run_tests", { path: f }, `r${++n}`)];
      for (const request of mine) {
        const got = pop.prepare(request, p1);
        expect(got.request).toBe(request);
        const fresh = prepareEvaluation(request, p1);
        expect(JSON.stringify(finishEvaluation(got, p1, emptyAgentState(), 1, { decisionId: "d" }))).toBe(JSON.stringify(finishEvaluation(fresh, p1, emptyAgentState(), 1, { decisionId: "d" })));
      }
      pop.warm(mine, p1, 1e9);
    }
    // read_file → run_tests on the same path was learnt: reading a new file warms run_tests for it.
    const read = call("read_file", { path: "src/z.ts" }, "r-z");
    pop.prepare(read, p1);
    pop.warm([read], p1, 1e9);
    const before = pop.stats();
    pop.prepare(call("run_tests", { path: "src/z.ts" }, "r-z2"), p1);
    expect(pop.stats().hits).toBe(before.hits + 1);
    expect(pop.stats().warmed_hits).toBeGreaterThanOrEqual(1);
    pop.prepare(call("read_file", { path: "src/a.ts" }, "again"), p1);
    expect(pop.stats().hits).toBe(before.hits + 2);
    const other = pop.prepare(call("read_file", { path: "src/a.ts" }, "p2"), p2);
    expect(other.policy_seq).toBe(2);
    expect(pop.stats().misses).toBe(before.misses + 1);
  });
});
