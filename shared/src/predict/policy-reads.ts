/**
 * What a compiled policy reads of an agent's state, derived from its compiled rules' condition trees (never a
 * hand list): every `agent.*` field leaf of every rule, with its compiled getter. The decision cache puts the
 * values of exactly these fields into a decision's key, so a decision that depends on a counter (rate limits,
 * repeat offenders, strikes) is never served after that counter changed.
 */
import type { CompiledPolicy } from "../policy/compile.ts";
import type { Condition } from "../policy/condition-schema.ts";
import type { EvalContext } from "../policy/context.ts";
import { compileFieldGetter, type FieldGetter } from "../policy/fields.ts";

/** The agent-state fields a policy's rules read, sorted, each with its getter. */
export interface PolicyReads {
  /** e.g. `["agent.strikes"]` for the default policy (its repeat-offender rule). */
  readonly agentFields: readonly string[];
  /** `getters[i]` reads `agentFields[i]` from an EvalContext (only its `agent` is looked at). */
  readonly getters: readonly FieldGetter[];
}

const memo = new WeakMap<CompiledPolicy, PolicyReads>();

/**
 * The agent-state fields `policy` reads (memoised per compiled policy object).
 *
 * @example
 * policyReads(compiled).agentFields; // ["agent.strikes"] for the default policy's repeat-offender rule
 */
export function policyReads(policy: CompiledPolicy): PolicyReads {
  const known = memo.get(policy);
  if (known !== undefined) return known;
  const fields = new Set<string>();
  for (const rule of policy.rules) collectAgentFields(rule.when, fields);
  const agentFields = [...fields].sort();
  const reads: PolicyReads = Object.freeze({ agentFields: Object.freeze(agentFields), getters: Object.freeze(agentFields.map(compileFieldGetter)) });
  memo.set(policy, reads);
  return reads;
}

/**
 * Add the `agent.*` field leaves of `cond` to `out`.
 *
 * @example
 * const out = new Set<string>();
 * collectAgentFields({ all: [{ field: "agent.strikes", op: "gte", value: 3 }, { field: "action", op: "eq", value: "x" }] }, out);
 * [...out]; // ["agent.strikes"]
 */
export function collectAgentFields(cond: Condition, out: Set<string>): void {
  if ("field" in cond) {
    if (cond.field.startsWith("agent.")) out.add(cond.field);
    return;
  }
  if ("not" in cond) return collectAgentFields(cond.not, out);
  if ("all" in cond) for (const c of cond.all) collectAgentFields(c, out);
  else if ("any" in cond) for (const c of cond.any) collectAgentFields(c, out);
}

/** The EvalContext shape an agent-field getter needs (it reads `agent` only). */
export type AgentOnlyContext = Pick<EvalContext, "agent">;
