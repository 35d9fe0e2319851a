/**
 * Red-team defect 1, in the core: a tenant's regexes cannot make one evaluation run unbounded. Patterns run
 * on RE2 (linear), and all `matches` conditions of one evaluation share a budget counted in characters
 * scanned; when it is spent, the tenant's rules are dropped and the answer is a fail-safe BLOCK with an
 * `evaluation_budget` override. Counting characters, not time, keeps `evaluate` deterministic.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import { createBundle } from "./policy/bundle.ts";
import { compilePolicy } from "./policy/compile.ts";
import { defaultPolicy } from "./policy/default-policy.ts";
import type { PolicyRule } from "./policy/schema.ts";
import { emptyAgentState } from "./schemas/agent-state.ts";
import { EvaluateResponseSchema } from "./schemas/response.ts";

const NOW = 1_700_000_000_000;

async function policyWith(rules: PolicyRule[]) {
  return compilePolicy(await createBundle("acme", 1, { ...defaultPolicy(), rules: [...defaultPolicy().rules, ...rules] }));
}

const regexRule = (id: string, value: string): PolicyRule => ({ id, when: { field: "action", op: "matches", value }, then: { decision: "BLOCK" } });

describe("evaluation budget", () => {
  it("answers the red team's freezing pattern on 260 × a (and 64 KiB of it) with the policy's own decision", async () => {
    const policy = await policyWith([regexRule("slow", ".*a.*a.*a.*b")]);
    for (const action of ["a".repeat(260), "a".repeat(64 * 1024)]) {
      const res = evaluate({ agent_id: "x", action, action_type: "query" }, policy, emptyAgentState(), NOW);
      expect(res.decision).toBe("ALLOW");
    }
    const hit = evaluate({ agent_id: "x", action: `${"a".repeat(300)}b`, action_type: "query" }, policy, emptyAgentState(), NOW);
    expect(hit.decision).toBe("BLOCK");
    expect(hit.explanation.decided_by[0]).toMatchObject({ kind: "rule", id: "slow" });
  });

  it("fails safe with BLOCK when the tenant's regexes would scan more than the budget", async () => {
    const rules = Array.from({ length: 40 }, (_, i) => regexRule(`r${i}`, `never-${i}-[0-9]+`));
    const policy = await policyWith(rules);
    const request = { agent_id: "x", action: "list the files in the reports folder ".repeat(30), action_type: "query" };
    const within = evaluate(request, policy, emptyAgentState(), NOW);
    expect(within.decision).toBe("ALLOW");
    const spent = evaluate(request, policy, emptyAgentState(), NOW, { regexBudgetChars: 10 * request.action.length });
    expect(spent.decision).toBe("BLOCK");
    expect(spent.explanation.decided_by[0]).toMatchObject({ kind: "override", id: "evaluation_budget", decision: "BLOCK" });
    expect(spent.explanation.summary).toContain("evaluation budget exceeded");
    expect(EvaluateResponseSchema.safeParse(spent).success).toBe(true);
    // Deterministic: the same request and policy spend the same budget and get the same answer.
    expect(evaluate(request, policy, emptyAgentState(), NOW, { regexBudgetChars: 10 * request.action.length })).toEqual(spent);
  });

  it("keeps a stronger answer from the law pack when the budget is spent", async () => {
    const policy = await policyWith(Array.from({ length: 5 }, (_, i) => regexRule(`r${i}`, `never-${i}`)));
    const res = evaluate({ agent_id: "x", action: "rm -rf / --no-preserve-root", action_type: "code_execution" }, policy, emptyAgentState(), NOW, { regexBudgetChars: 1 });
    expect(["BLOCK", "TERMINATE"]).toContain(res.decision);
    expect(res.violations.some((v) => v.rule === "law.2.recursive_delete")).toBe(true);
  });
});
