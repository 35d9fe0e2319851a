import { describe, expect, it } from "vitest";
import { emptyAgentState } from "../schemas/agent-state.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import type { Finding } from "../schemas/finding.ts";
import type { Condition } from "./condition-schema.ts";
import { compileCondition } from "./compile-condition.ts";
import { WorkBudget, type EvalContext } from "./context.ts";
import { validatePolicyDocument } from "./parse.ts";

const request: EvaluateRequest = {
  agent_id: "agent-7",
  action: "DROP TABLE users;",
  action_type: "code_execution",
  tool: { name: "sql", arguments: { query: "DROP TABLE users", targets: ["users", "orders"], opts: { dry_run: false } } },
  context: { environment: "prod", tags: ["pci", "eu"], depth: 3, nothing: null },
  stated_intent: "cleanup old tables",
};

const findings: Finding[] = [
  { type: "DANGEROUS_CODE", subtype: "destructive_sql", start: 0, end: 10, score: 0.9, detector: "code" },
  { type: "EMAIL_ADDRESS", start: 11, end: 20, score: 0.6, detector: "pii" },
  { type: "US_SSN", start: 21, end: 30, score: 0.95, detector: "pii" },
];

const agent = { ...emptyAgentState(), requests: 40, violations: 6, decisions: { ALLOW: 34, RESTRICT: 1, BLOCK: 5, TERMINATE: 0 } };
const ctx: EvalContext = { budget: new WorkBudget(), request, agent, findings, risk: 0.72 };

/** Compile through the real schema so the tests only use valid conditions. */
function test(when: Condition, c: EvalContext = ctx): boolean {
  const doc = validatePolicyDocument({ version: 1, name: "t", default: { decision: "ALLOW" }, rules: [{ id: "r", when, then: { decision: "BLOCK" } }] });
  return compileCondition((doc.rules[0] as { when: Condition }).when)(c);
}

describe("field conditions", () => {
  it.each<[Condition, boolean]>([
    [{ field: "action_type", op: "eq", value: "code_execution" }, true],
    [{ field: "action_type", op: "eq", value: "message" }, false],
    [{ field: "action_type", op: "neq", value: "message" }, true],
    [{ field: "context.environment", op: "neq", value: "staging" }, true],
    [{ field: "context.missing", op: "neq", value: "staging" }, true],
    [{ field: "context.missing", op: "eq", value: "staging" }, false],
    [{ field: "action_type", op: "in", value: ["tool_call", "code_execution"] }, true],
    [{ field: "action_type", op: "nin", value: ["tool_call", "code_execution"] }, false],
    [{ field: "tool.name", op: "in", value: ["shell"] }, false],
    [{ field: "context.depth", op: "gt", value: 2 }, true],
    [{ field: "context.depth", op: "gt", value: 3 }, false],
    [{ field: "context.depth", op: "gte", value: 3 }, true],
    [{ field: "context.depth", op: "lt", value: 3 }, false],
    [{ field: "context.depth", op: "lte", value: 3 }, true],
    [{ field: "context.environment", op: "gt", value: 1 }, false],
    [{ field: "stated_intent", op: "exists" }, true],
    [{ field: "context.nothing", op: "exists" }, false],
    [{ field: "context.nothing", op: "exists", value: false }, true],
    [{ field: "action", op: "contains", value: "TABLE" }, true],
    [{ field: "context.tags", op: "contains", value: "pci" }, true],
    [{ field: "context.tags", op: "contains", value: "us" }, false],
    [{ field: "action", op: "starts_with", value: "DROP" }, true],
    [{ field: "action", op: "matches", value: "^DROP\\s+TABLE\\b" }, true],
    [{ field: "action", op: "matches", value: "^TRUNCATE" }, false],
    [{ field: "tool.arguments.query", op: "starts_with", value: "DROP" }, true],
    [{ field: "tool.arguments.targets.1", op: "eq", value: "orders" }, true],
    [{ field: "tool.arguments.opts.dry_run", op: "eq", value: false }, true],
    [{ field: "tool.arguments.targets.length", op: "exists" }, false],
    [{ field: "context.constructor", op: "exists" }, false],
    [{ field: "context.tags.__proto__", op: "exists" }, false],
    [{ field: "agent_id", op: "eq", value: "agent-7" }, true],
    [{ field: "risk", op: "gte", value: 0.7 }, true],
    [{ field: "agent.requests", op: "eq", value: 40 }, true],
    [{ field: "agent.violations", op: "gt", value: 5 }, true],
    [{ field: "agent.window_requests", op: "eq", value: 0 }, true],
    [{ field: "agent.decisions.BLOCK", op: "gte", value: 5 }, true],
    [{ field: "agent.decisions.TERMINATE", op: "gte", value: 1 }, false],
  ])("%j → %s", (when, expected) => {
    expect(test(when)).toBe(expected);
  });

  it("compares plain decimal strings as numbers in gt/gte/lt/lte (payment amounts), nothing else", () => {
    const withAmount = (amount: unknown) => ({ ...ctx, request: { ...request, tool: { name: "pay", arguments: { amount } } } });
    expect(test({ field: "tool.arguments.amount", op: "gte", value: 10000 }, withAmount("12500.00"))).toBe(true);
    expect(test({ field: "tool.arguments.amount", op: "lt", value: 0 }, withAmount("-3.75"))).toBe(true);
    expect(test({ field: "tool.arguments.amount", op: "gt", value: 9999 }, withAmount(10000))).toBe(true);
    for (const odd of ["12,500", "1e5", " 12500", "12500 EUR", "", "0x2710", true, null, ["12500"]]) {
      expect(test({ field: "tool.arguments.amount", op: "gte", value: 0 }, withAmount(odd)), JSON.stringify(odd)).toBe(false);
    }
    expect(test({ field: "tool.arguments.amount", op: "eq", value: 12500 }, withAmount("12500"))).toBe(false); // eq stays strict
  });

    it("treats a missing tool as absent fields", () => {
    const { tool: _tool, ...noTool } = request;
    const c = { ...ctx, request: noTool };
    expect(test({ field: "tool.name", op: "exists" }, c)).toBe(false);
    expect(test({ field: "tool.arguments.query", op: "exists" }, c)).toBe(false);
  });
});
