import { describe, expect, it } from "vitest";
import { emptyAgentState } from "../schemas/agent-state.ts";
import { WorkBudget, type EvalContext } from "./context.ts";
import { MAX_FIELD_DEPTH, compileFieldGetter, fieldKind, fieldProblem } from "./fields.ts";

describe("fieldProblem and fieldKind", () => {
  it.each([
    ["action", "string"],
    ["action_type", "string"],
    ["agent_id", "string"],
    ["stated_intent", "string"],
    ["tool.name", "string"],
    ["risk", "number"],
    ["agent.requests", "number"],
    ["agent.violations", "number"],
    ["agent.window_requests", "number"],
    ["agent.decisions.TERMINATE", "number"],
    ["tool.arguments.query", "json"],
    ["context.a.b.0.c", "json"],
  ])("%s is a valid %s field", (field, kind) => {
    expect(fieldProblem(field)).toBeUndefined();
    expect(fieldKind(field)).toBe(kind);
  });

  it.each([
    ["agent.decisions.DENY", "unknown decision word (expected one of"],
    ["context.", "empty path segment"],
    ["tool.arguments.a..b", "empty path segment"],
    ["agent.terminated_reason", "unknown field"],
    ["tool", "unknown field"],
    [`context.${Array.from({ length: MAX_FIELD_DEPTH + 1 }, () => "x").join(".")}`, "deeper than"],
  ])("%s is rejected (%s)", (field, message) => {
    expect(fieldProblem(field)).toContain(message);
  });
});

describe("compileFieldGetter", () => {
  const ctx: EvalContext = {
    budget: new WorkBudget(),
    request: { agent_id: "a", action: "x", action_type: "query", tool: { name: "t", arguments: { list: ["p", { q: 1 }] } }, context: { "a": { b: null } } },
    agent: { ...emptyAgentState(), decisions: { ALLOW: 1, RESTRICT: 2, BLOCK: 3, TERMINATE: 4 } },
    findings: [],
    risk: 0.25,
  };

  it("reads nested values, array indexes and agent counters", () => {
    expect(compileFieldGetter("tool.arguments.list.1.q")(ctx)).toBe(1);
    expect(compileFieldGetter("tool.arguments.list.0")(ctx)).toBe("p");
    expect(compileFieldGetter("context.a.b")(ctx)).toBeNull();
    expect(compileFieldGetter("agent.decisions.BLOCK")(ctx)).toBe(3);
    expect(compileFieldGetter("risk")(ctx)).toBe(0.25);
  });

  it("never reads inherited properties or non-index array keys", () => {
    expect(compileFieldGetter("context.toString")(ctx)).toBeUndefined();
    expect(compileFieldGetter("context.a.hasOwnProperty")(ctx)).toBeUndefined();
    expect(compileFieldGetter("tool.arguments.list.length")(ctx)).toBeUndefined();
    expect(compileFieldGetter("tool.arguments.list.01")(ctx)).toBeUndefined();
    expect(compileFieldGetter("context.missing.deeper")(ctx)).toBeUndefined();
  });
});
