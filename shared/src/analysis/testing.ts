/**
 * Test support for the analysis tests: a policy document from rules, and evaluating an example with the real
 * engine. Not exported from the package.
 */
import { evaluate } from "../evaluate.ts";
import { compilePolicy } from "../policy/compile.ts";
import type { PolicyDocument, PolicyRule } from "../policy/schema.ts";
import type { EvaluateResponse } from "../schemas/response.ts";
import { agentStateFrom } from "./draft.ts";
import type { AnalysisExample } from "./report.ts";

/**
 * A valid document around `rules` (default ALLOW).
 *
 * @example
 * const document = doc([{ id: "no-rm", when: { field: "context.tool", op: "eq", value: "shell" }, then: { decision: "BLOCK" } }]);
 */
export function doc(rules: PolicyRule[]): PolicyDocument {
  return { version: 1, name: "test", default: { decision: "ALLOW" }, rules };
}

/**
 * Evaluate an example against a document with the real engine (bundle hash is irrelevant here).
 *
 * @example
 * evaluateExample(document, example).decision; // "BLOCK" when a rule of the document matches
 */
export function evaluateExample(document: PolicyDocument, example: AnalysisExample): EvaluateResponse {
  const policy = compilePolicy({ tenant: "t", seq: 1, hash: "0".repeat(64), policy: document });
  return evaluate(example.request, policy, agentStateFrom(example.agent), 0);
}

/**
 * Ids of the tenant rules that matched in a response.
 *
 * @example
 * matchedRules(evaluateExample(document, example)); // ["no-rm"]
 */
export function matchedRules(response: EvaluateResponse): string[] {
  return response.explanation.decided_by.filter((d) => d.kind === "rule").map((d) => d.id);
}
