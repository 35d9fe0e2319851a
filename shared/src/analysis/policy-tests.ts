/**
 * Policy unit tests (`nethical test`, like `opa test`): cases `{ name, request, agent?, expect: { decision,
 * obligations?, violations? } }` in a YAML or JSON file (a list, or `{ cases: [...] }`), run against a
 * compiled policy with evaluate. `obligations` is the exact set of obligation types of the response;
 * `violations` the exact set of rule ids (tenant rules and `law.*` rules) its violations name.
 */
import * as z from "zod";
import { evaluate } from "../evaluate.ts";
import { validateEvaluateRequest } from "../evaluate-input.ts";
import type { CompiledPolicy } from "../policy/compile.ts";
import { PolicyError, formatPath, type PolicyIssue } from "../policy/errors.ts";
import { parsePolicyValue } from "../policy/parse.ts";
import { AgentStateSnapshotSchema } from "../schemas/agent-state.ts";
import { DecisionSchema, type Decision } from "../schemas/decision.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import { agentStateFrom } from "./draft.ts";
import type { PartialAgentState } from "./report.ts";

const OBLIGATION_TYPES = ["redact", "require_human_approval", "rate_limit", "sandbox", "log_only"] as const;
type ObligationType = (typeof OBLIGATION_TYPES)[number];

const PartialAgentSchema = AgentStateSnapshotSchema.extend({
  decisions: AgentStateSnapshotSchema.shape.decisions.partial().optional(),
})
  .partial()
  .strict();

const CaseSchema = z
  .object({
    name: z.string().min(1).max(256),
    request: z.unknown(),
    agent: PartialAgentSchema.optional(),
    expect: z
      .object({
        decision: DecisionSchema,
        obligations: z.array(z.enum(OBLIGATION_TYPES)).max(16).optional(),
        violations: z.array(z.string().min(1).max(256)).max(1000).optional(),
      })
      .strict(),
  })
  .strict();

/** One validated test case. */
export interface PolicyTestCase {
  name: string;
  request: EvaluateRequest;
  agent?: PartialAgentState;
  expect: { decision: Decision; obligations?: ObligationType[]; violations?: string[] };
}

/** What a case expected and got, field by field (only the fields the case names). */
export interface PolicyTestResult {
  name: string;
  pass: boolean;
  /** One entry per compared field that differs: `{ field, expected, actual }` (sorted sets for lists). */
  diffs: { field: "decision" | "obligations" | "violations"; expected: unknown; actual: unknown }[];
}

/**
 * Parse a tests file (YAML or JSON). Throws a PolicyError naming every bad case field.
 *
 * @example
 * parsePolicyTests("- name: t\n  request: { agent_id: a, action: hi, action_type: query }\n  expect: { decision: ALLOW }\n", "yaml").length; // 1
 */
export function parsePolicyTests(text: string, format?: "json" | "yaml"): PolicyTestCase[] {
  const value = parsePolicyValue(text, format);
  const list = Array.isArray(value) ? value : (value as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(list)) throw new PolicyError([{ path: "", message: "expected a list of test cases (or { cases: [...] })" }], "Invalid policy tests");
  const issues: PolicyIssue[] = [];
  const cases: PolicyTestCase[] = [];
  list.forEach((raw: unknown, i) => {
    const parsed = CaseSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ path: formatPath([i, ...issue.path]), message: issue.message });
      return;
    }
    const request = validateEvaluateRequest(parsed.data.request);
    if (!request.ok) {
      for (const issue of request.issues) issues.push({ path: `[${i}].request${issue.path === "" ? "" : `.${issue.path}`}`, message: issue.message });
      return;
    }
    const c: PolicyTestCase = { name: parsed.data.name, request: request.request, expect: parsed.data.expect };
    if (parsed.data.agent !== undefined) c.agent = parsed.data.agent;
    cases.push(c);
  });
  if (issues.length > 0) throw new PolicyError(issues, "Invalid policy tests");
  return cases;
}

/**
 * Run one case against a compiled policy (fixed `now`, so decisions are reproducible).
 *
 * @example
 * runPolicyTest(policy, cases[0]).pass; // true when decision (and listed obligations/violations) match
 */
export function runPolicyTest(policy: CompiledPolicy, c: PolicyTestCase, now = 0): PolicyTestResult {
  const response = evaluate(c.request, policy, agentStateFrom(c.agent), now);
  const diffs: PolicyTestResult["diffs"] = [];
  if (response.decision !== c.expect.decision) diffs.push({ field: "decision", expected: c.expect.decision, actual: response.decision });
  if (c.expect.obligations !== undefined) {
    const expected = sortedSet(c.expect.obligations);
    const actual = sortedSet(response.obligations.map((o) => o.type));
    if (expected.join() !== actual.join()) diffs.push({ field: "obligations", expected, actual });
  }
  if (c.expect.violations !== undefined) {
    const expected = sortedSet(c.expect.violations);
    // A violation flagged by a law-pack rule and tenant rules names them all in `rules` (one violation per finding).
    const actual = sortedSet(response.violations.flatMap((v) => v.rules ?? [v.rule ?? v.id]));
    if (expected.join("\u0000") !== actual.join("\u0000")) diffs.push({ field: "violations", expected, actual });
  }
  return { name: c.name, pass: diffs.length === 0, diffs };
}

function sortedSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
