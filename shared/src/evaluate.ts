/**
 * evaluate: one decision, pure and synchronous. Detectors → risk features → risk score → law pack → agent
 * state → tenant rules (indexed candidates) → deny-overrides → obligations (RESTRICT only) → explanation.
 * No clock, no randomness, no I/O: the same request, policy, agent snapshot and `now` always give
 * byte-identical JSON, in workerd and in Node.
 *
 * It is two halves (see evaluate-prepare.ts for which rules run where): `prepareEvaluation`, everything the
 * request alone decides (detectors, rules that read no agent state), which the Worker runs at the PoP, and
 * `finishEvaluation`, the agent-state rules and the combination, which the AgentState object runs in its
 * critical section. `evaluate` is exactly their composition.
 */
import { finishEvaluation } from "./evaluate-finish.ts";
import { prepareEvaluation } from "./evaluate-prepare.ts";
import type { CompiledPolicy } from "./policy/compile.ts";
import type { EvaluateRequest } from "./schemas/action.ts";
import type { AgentStateSnapshot } from "./schemas/agent-state.ts";
import type { EvaluateResponse } from "./schemas/response.ts";

export { DEFAULT_RULE_LAW } from "./evaluate-finish.ts";

export interface EvaluateOptions {
  /** Use this decision id (adapters pass the request id they propagate). */
  decisionId?: string;
  /** Characters of regex matching the tenant's conditions may scan (default MAX_REGEX_CHARS_PER_EVALUATION). */
  regexBudgetChars?: number;
}

/**
 * Decide one action. `request` must already be valid (see validateEvaluateRequest); `now` is milliseconds
 * since the epoch, used only for the deterministic decision id. `latency_ms` is 0: adapters measure it.
 *
 * @example
 * const res = evaluate({ agent_id: "a1", action: "rm -rf /", action_type: "code_execution" }, policy, emptyAgentState(), Date.now());
 * res.decision; // "BLOCK"
 */
export function evaluate(
  request: EvaluateRequest,
  policy: CompiledPolicy,
  agent: AgentStateSnapshot,
  now: number,
  options?: EvaluateOptions,
): EvaluateResponse {
  return finishEvaluation(prepareEvaluation(request, policy, options), policy, agent, now, options);
}

/**
 * Evaluate several independent actions, each with its own agent snapshot, against one policy.
 *
 * @example
 * evaluateBatch([{ request, agent }], policy, now).length; // 1
 */
export function evaluateBatch(
  items: readonly { request: EvaluateRequest; agent: AgentStateSnapshot; decisionId?: string }[],
  policy: CompiledPolicy,
  now: number,
): EvaluateResponse[] {
  return items.map((item) =>
    evaluate(item.request, policy, item.agent, now, item.decisionId === undefined ? undefined : { decisionId: item.decisionId }),
  );
}
