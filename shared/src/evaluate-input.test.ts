import { beforeAll, describe, expect, it } from "vitest";
import { EvaluateInputError, assertEvaluable, validateEvaluateRequest } from "./evaluate-input.ts";
import { createBundle } from "./policy/bundle.ts";
import { compilePolicy, type CompiledPolicy } from "./policy/compile.ts";
import { defaultPolicy } from "./policy/default-policy.ts";
import type { EvaluateRequest } from "./schemas/action.ts";
import { emptyAgentState, type AgentStateSnapshot } from "./schemas/agent-state.ts";

let policy: CompiledPolicy;
beforeAll(async () => {
  policy = compilePolicy(await createBundle("t", 1, defaultPolicy()));
});

describe("validateEvaluateRequest", () => {
  it("accepts a valid request and returns it typed", () => {
    const v = validateEvaluateRequest({ agent_id: "a", action: "hi", action_type: "query", context: { x: [1, { y: null }] } });
    expect(v).toEqual({ ok: true, request: { agent_id: "a", action: "hi", action_type: "query", context: { x: [1, { y: null }] } } });
  });

  it("lists every issue with its path", () => {
    const v = validateEvaluateRequest({ agent_id: "", action: 5, action_type: "Bad Type", tool: { name: "t", extra: 1 }, surprise: true });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.issues.map((i) => i.path).sort()).toEqual(["", "action", "action_type", "agent_id", "tool"]);
    expect(v.issues.find((i) => i.path === "action_type")?.message).toContain("lower-case identifier");
  });

  it("rejects absurdly nested context without overflowing the stack", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const v = validateEvaluateRequest({ agent_id: "a", action: "x", action_type: "query", context: deep });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.issues[0]?.message).toBe("nested deeper than 64 levels");
  });

  it("rejects non-objects and oversize actions", () => {
    expect(validateEvaluateRequest(null).ok).toBe(false);
    expect(validateEvaluateRequest("x").ok).toBe(false);
    expect(validateEvaluateRequest({ agent_id: "a", action: "x".repeat(65_537), action_type: "query" }).ok).toBe(false);
  });
});

describe("assertEvaluable", () => {
  const request: EvaluateRequest = { agent_id: "a", action: "hi", action_type: "query" };
  it("passes well-formed arguments", () => {
    expect(() => assertEvaluable(request, policy, emptyAgentState(), 0)).not.toThrow();
  });

  it("fails with a clear EvaluateInputError otherwise", () => {
    expect(() => assertEvaluable(null as unknown as EvaluateRequest, policy, emptyAgentState(), 0)).toThrow(EvaluateInputError);
    expect(() => assertEvaluable({ ...request, action: 3 } as unknown as EvaluateRequest, policy, emptyAgentState(), 0)).toThrow("use validateEvaluateRequest");
    expect(() => assertEvaluable(request, {} as CompiledPolicy, emptyAgentState(), 0)).toThrow("compilePolicy");
    expect(() => assertEvaluable(request, policy, {} as AgentStateSnapshot, 0)).toThrow("AgentStateSnapshot");
    expect(() => assertEvaluable(request, policy, emptyAgentState(), Number.NaN)).toThrow("finite");
  });
});
