import { describe, expect, it } from "vitest";
import { emptyAgentState } from "../schemas/agent-state.ts";
import { FUNDAMENTAL_LAWS } from "../laws/law-pack.ts";
import { LAW_RULES } from "../laws/law-rules.ts";
import { createBundle, type PolicyBundle } from "./bundle.ts";
import { compilePolicy } from "./compile.ts";
import { PolicyError } from "./errors.ts";
import { matchRules } from "./match-rules.ts";
import type { PolicyDocument } from "./schema.ts";
import { WorkBudget } from "./context.ts";

const doc = (rules: PolicyDocument["rules"], extra: Partial<PolicyDocument> = {}): PolicyDocument => ({
  version: 1,
  name: "t",
  default: { decision: "ALLOW" },
  rules,
  ...extra,
});

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof PolicyError) return [...error.issues];
    throw error;
  }
  throw new Error("expected a PolicyError");
}

describe("compilePolicy", () => {
  it("compiles rules with defaults applied and always carries the law pack", async () => {
    const policy = compilePolicy(
      await createBundle("acme", 5, doc([
        { id: "a", when: { field: "action_type", op: "eq", value: "message" }, then: { decision: "RESTRICT" } },
        { id: "b", priority: 7, law: 12, severity: "low", when: { all: [] }, then: { decision: "BLOCK", reason: "why" } },
      ])),
    );
    expect(policy.version).toBe(`5.${policy.hash.slice(0, 12)}`);
    const [a, b] = policy.rules;
    expect(a).toMatchObject({ id: "a", order: 0, priority: 0, law: undefined, severity: "medium", decision: "RESTRICT", reason: "Rule a matched" });
    expect(a?.obligations).toEqual([{ type: "log_only" }]);
    expect(b).toMatchObject({ id: "b", order: 1, priority: 7, law: 12, severity: "low", decision: "BLOCK", reason: "why" });
    expect(policy.laws).toBe(FUNDAMENTAL_LAWS);
    expect(policy.lawRules).toBe(LAW_RULES);
    expect(policy.defaultOutcome).toMatchObject({ decision: "ALLOW", obligations: [] });
  });

  it("freezes the compiled policy and its document", async () => {
    const policy = compilePolicy(await createBundle("acme", 1, doc([{ id: "a", when: { all: [] }, then: { decision: "BLOCK" } }])));
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.document.rules[0]?.then)).toBe(true);
  });

  it("does not depend on the caller's objects after compiling", async () => {
    const source = doc([{ id: "a", when: { field: "action_type", op: "in", value: ["query"] }, then: { decision: "BLOCK" } }]);
    const policy = compilePolicy(await createBundle("acme", 1, source));
    ((source.rules[0]?.when as { value: string[] }).value).push("message");
    const ctx = { budget: new WorkBudget(), request: { agent_id: "a", action: "", action_type: "message" }, agent: emptyAgentState(), findings: [], risk: 0 };
    expect(matchRules(policy, ctx)).toHaveLength(0);
  });

  it("reports invalid policies with paths under policy.", async () => {
    const bundle = await createBundle("acme", 1, doc([]));
    const bad = { ...bundle, policy: { ...bundle.policy, rules: [{ id: "x", when: { field: "action", op: "matches", value: "(?=a)a" }, then: { decision: "BLOCK" } }] } };
    const issues = issuesOf(() => compilePolicy(bad as PolicyBundle));
    expect(issues).toEqual([{ path: "policy.rules[0].when.value", message: expect.stringContaining("not a linear-time regular expression") }]);
  });

  it("reports invalid envelopes", async () => {
    const bundle = await createBundle("acme", 1, doc([]));
    expect(issuesOf(() => compilePolicy({ ...bundle, hash: "nope" })).map((i) => i.path)).toEqual(["hash"]);
    expect(issuesOf(() => compilePolicy({ ...bundle, seq: 1.5 })).map((i) => i.path)).toEqual(["seq"]);
    expect(issuesOf(() => compilePolicy({ ...bundle, extra: 1 } as PolicyBundle))[0]?.message).toContain("extra");
    expect(() => compilePolicy(null as unknown as PolicyBundle)).toThrow(PolicyError);
  });
});
