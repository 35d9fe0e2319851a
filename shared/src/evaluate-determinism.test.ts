import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.ts";
import { createBundle, type PolicyBundle } from "./policy/bundle.ts";
import { compilePolicy, type CompiledPolicy } from "./policy/compile.ts";
import { defaultPolicy } from "./policy/default-policy.ts";
import { arbAgent, arbRequest } from "./policy/testing/requests.ts";
import { EvaluateResponseSchema } from "./schemas/response.ts";

let bundle: PolicyBundle;
let policy: CompiledPolicy;

beforeAll(async () => {
  const doc = defaultPolicy();
  doc.rules.push({ id: "prod-sql-needs-approval", when: { all: [{ field: "tool.name", op: "eq", value: "sql" }, { field: "context.environment", op: "eq", value: "prod" }] }, then: { decision: "RESTRICT", obligations: [{ type: "require_human_approval" }, { type: "rate_limit", limit: 5, window_s: 60 }] } });
  bundle = await createBundle("acme", 9, doc);
  policy = compilePolicy(bundle);
});

describe("evaluate is deterministic", () => {
  it("gives byte-identical JSON twice, and again on a freshly compiled policy", () => {
    fc.assert(
      fc.property(arbRequest, arbAgent, fc.integer({ min: 0, max: 2 ** 42 }), (request, agent, now) => {
        const first = JSON.stringify(evaluate(request, policy, agent, now));
        expect(JSON.stringify(evaluate(request, policy, agent, now))).toBe(first);
        expect(JSON.stringify(evaluate(structuredClone(request), compilePolicy(structuredClone(bundle)), structuredClone(agent), now))).toBe(first);
      }),
      { numRuns: 150 },
    );
  });

  it("always returns a response that satisfies the contract", () => {
    fc.assert(
      fc.property(arbRequest, arbAgent, (request, agent) => {
        const response = evaluate(request, policy, agent, 1_700_000_000_000);
        const parsed = EvaluateResponseSchema.safeParse(response);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        expect(response.obligations.length === 0 || response.decision === "RESTRICT").toBe(true);
        expect(response.latency_ms).toBe(0);
        expect(response.policy_version).toBe(policy.version);
      }),
      { numRuns: 150 },
    );
  });

  it("derives the decision id from request, policy and now when none is given", () => {
    const request = { agent_id: "a", action: "hello", action_type: "query" };
    const agent = { requests: 0, violations: 0, decisions: { ALLOW: 0, RESTRICT: 0, BLOCK: 0, TERMINATE: 0 }, window_requests: 0, rate_limited: false, terminated: false };
    const id = evaluate(request, policy, agent, 1000).decision_id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(evaluate(request, policy, agent, 1000).decision_id).toBe(id);
    expect(evaluate(request, policy, agent, 1001).decision_id).not.toBe(id);
    expect(evaluate({ ...request, action: "hello!" }, policy, agent, 1000).decision_id).not.toBe(id);
    expect(evaluate({ ...request, request_id: "req-77" }, policy, agent, 1000).decision_id).toBe("req-77");
    expect(evaluate({ ...request, request_id: "req-77" }, policy, agent, 1000, { decisionId: "opt-1" }).decision_id).toBe("opt-1");
  });
});
