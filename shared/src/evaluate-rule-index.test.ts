import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import { createBundle } from "./policy/bundle.ts";
import { compilePolicy } from "./policy/compile.ts";
import { defaultPolicy } from "./policy/default-policy.ts";
import { candidateCount } from "./policy/rule-index.ts";
import type { PolicyRule } from "./policy/schema.ts";
import { ACTION_TYPES, arbAgent, arbRequest } from "./policy/testing/requests.ts";

/** 10 000 rules that would TERMINATE everything, each pinned to an action type no request uses. */
const noise: PolicyRule[] = Array.from({ length: 10_000 }, (_, i) => ({
  id: `pinned-elsewhere-${i}`,
  when: i % 2 === 0 ? { field: "action_type", op: "eq", value: `unused_type_${i % 977}` } : { all: [{ field: "action_type", op: "in", value: [`unused_type_${i % 613}`, `other_${i}`] }, { risk: { gte: 0 } }] },
  then: { decision: "TERMINATE" },
}));

describe("rule indexing with 10 000 rules pinned to other action types", () => {
  it("does not change any decision, and keeps the candidate lists small", async () => {
    const base = defaultPolicy();
    const small = compilePolicy(await createBundle("t", 1, base));
    const big = compilePolicy(await createBundle("t", 1, { ...base, rules: [...noise, ...base.rules] }));
    for (const at of ACTION_TYPES) {
      for (const tool of [undefined, "sql", "shell"]) {
        expect(candidateCount(big.index, at, tool)).toBe(candidateCount(small.index, at, tool));
        expect(candidateCount(big.index, at, tool)).toBeLessThanOrEqual(base.rules.length);
      }
    }
    fc.assert(
      fc.property(arbRequest, arbAgent, (request, agent) => {
        const a = evaluate(request, small, agent, 5, { decisionId: "d" });
        const b = evaluate(request, big, agent, 5, { decisionId: "d" });
        expect({ ...b, policy_version: "" }).toEqual({ ...a, policy_version: "" });
      }),
      { numRuns: 200 },
    );
  });
});
