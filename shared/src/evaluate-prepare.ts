/**
 * prepareEvaluation: the stateless half of evaluate, the part that may run at the PoP (the Worker) before the
 * agent's AgentState object is reached. It runs everything the request alone decides — the detectors (the
 * costly part), the findings of untrusted inputs, the request's risk features and every tenant rule whose
 * condition reads no agent state (policy/state-reads.ts) — and returns a small, plain, structured-clone- and
 * RPC-safe {@link PreparedEvaluation}. `finishEvaluation` (evaluate-finish.ts) completes it with the agent's
 * snapshot: `finishEvaluation(prepareEvaluation(r, p), p, agent, now, o)` is byte-identical JSON to
 * `evaluate(r, p, agent, now, o)` (evaluate is exactly that composition).
 *
 * Which rules run where:
 * | part | where | why |
 * |---|---|---|
 * | detectors, input scan, risk features 0–10 | prepare (PoP) | the request alone |
 * | rules reading only request fields, `context.*`, `tool.*`, findings | prepare (PoP) | the request alone |
 * | rules reading `agent.*`, `risk` or `{ risk: … }` | finish (object) | agent state (risk has features 11–13) |
 * | law pack, rate-limit and sticky-TERMINATE contributions, default, obligations, explanation | finish (object) | combine |
 *
 * The regex work budget spans both halves: what prepare spent is carried over, so a policy that exceeds it
 * fails safe exactly as it does in one call.
 */
import { scanInputs } from "./detectors/data-injection.ts";
import { runDetectors } from "./detectors/index.ts";
import { assertEvaluable } from "./evaluate-input.ts";
import type { CompiledPolicy } from "./policy/compile.ts";
import { EvaluationBudgetError, WorkBudget, type EvalContext } from "./policy/context.ts";
import { matchIndexedRules } from "./policy/match-rules.ts";
import { compareRequestFindings, scanRequest } from "./policy/scan-request.ts";
import { requestRiskFeatures } from "./risk/features.ts";
import type { EvaluateRequest } from "./schemas/action.ts";
import { emptyAgentState, type AgentStateSnapshot } from "./schemas/agent-state.ts";
import type { Finding } from "./schemas/finding.ts";

/** Format tag of a {@link PreparedEvaluation} (bumped if its meaning ever changes). */
export const PREPARED_FORMAT = "nethical.prepared.v1";

/** The stateless half of one evaluation: plain data only (JSON- and structured-clone-safe). */
export interface PreparedEvaluation {
  readonly format: typeof PREPARED_FORMAT;
  /** The policy it was prepared with: `finishEvaluation` refuses any other. */
  readonly tenant: string;
  readonly policy_seq: number;
  readonly policy_hash: string;
  /** The request, as it was given (finish needs it for state rules and the decision id). */
  readonly request: EvaluateRequest;
  /** All findings: the request's and its inputs', in evaluate's order. */
  readonly findings: readonly Finding[];
  /** Risk features 0–10 (the agent's, 11–13, are added by finish). */
  readonly features: readonly number[];
  /** `order` of each rule reading no agent state whose condition held (empty when the budget ran out). */
  readonly matched: readonly number[];
  /** The regex work budget: its limit and the characters spent so far (`spent > limit`: exceeded). */
  readonly budget: { readonly limit: number; readonly spent: number };
}

/** The snapshot stateless rules see: they never read it (policy/state-reads.ts), it only fills the context. */
const NO_AGENT: AgentStateSnapshot = Object.freeze(emptyAgentState());

/**
 * The stateless half of `evaluate(request, policy, …)`. `request` must already be valid
 * (validateEvaluateRequest); throws EvaluateInputError on malformed arguments, like evaluate.
 *
 * @example
 * const prepared = prepareEvaluation(request, loaded.compiled);        // in the Worker
 * const res = finishEvaluation(prepared, loaded.compiled, snapshot, now, { decisionId }); // in the object
 */
export function prepareEvaluation(request: EvaluateRequest, policy: CompiledPolicy, options?: { regexBudgetChars?: number }): PreparedEvaluation {
  assertEvaluable(request, policy, NO_AGENT, 0);
  const findings = withInputFindings(scanRequest(request, runDetectors), request);
  const budget = new WorkBudget(options?.regexBudgetChars);
  const ctx: EvalContext = { budget, request, agent: NO_AGENT, findings, risk: Number.NaN };
  let matched: number[];
  try {
    matched = matchIndexedRules(policy.requestIndex, ctx).map((r) => r.order);
  } catch (error) {
    if (!(error instanceof EvaluationBudgetError)) throw error;
    matched = [];
  }
  return {
    format: PREPARED_FORMAT,
    tenant: policy.tenant,
    policy_seq: policy.seq,
    policy_hash: policy.hash,
    request,
    findings,
    features: requestRiskFeatures(findings, request).slice(0, 11),
    matched,
    budget: { limit: budget.limit, spent: budget.spent },
  };
}

/**
 * Whether `value` is a PreparedEvaluation (by its format tag; callers still check tenant, agent and policy).
 *
 * @example
 * isPreparedEvaluation(prepareEvaluation(request, policy)); // true
 * isPreparedEvaluation(request);                             // false
 */
export function isPreparedEvaluation(value: unknown): value is PreparedEvaluation {
  return value !== null && typeof value === "object" && (value as { format?: unknown }).format === PREPARED_FORMAT;
}

/**
 * Whether `prepared` was made with exactly `policy` (tenant, seq and hash): the only policy it may be finished with.
 *
 * @example
 * preparedFor(prepared, loaded.compiled) ? applyPrepared(…) : applyDecision(…); // re-prepare otherwise
 */
export function preparedFor(prepared: PreparedEvaluation, policy: CompiledPolicy): boolean {
  return prepared.tenant === policy.tenant && prepared.policy_seq === policy.seq && prepared.policy_hash === policy.hash;
}

/** The request's findings plus the data-mode findings of its `inputs` (field `inputs.<i>.content`), sorted. */
function withInputFindings(findings: readonly Finding[], request: EvaluateRequest): readonly Finding[] {
  if (request.inputs === undefined || request.inputs.length === 0) return findings;
  const fromInputs = scanInputs(request.inputs);
  if (fromInputs.length === 0) return findings;
  return [...findings, ...fromInputs].sort(compareRequestFindings);
}
