/**
 * finishEvaluation: the stateful half of evaluate, run where the agent's state lives (the AgentState object's
 * critical section, the device's governor). From a {@link PreparedEvaluation} (evaluate-prepare.ts) and the
 * agent's snapshot it adds the agent's risk features, runs the tenant rules that read agent state, and
 * combines everything — law pack, rate limit, sticky TERMINATE, matched rules, default, deny-overrides,
 * obligations (RESTRICT only), explanation — into the response `evaluate` would have given, byte for byte.
 * Pure and synchronous, like evaluate.
 */
import { orderDecidedBy, type Contribution } from "./explain/decided-by.ts";
import { summarize } from "./explain/summary.ts";
import { ViolationSet } from "./explain/violations.ts";
import { EvaluateInputError, assertEvaluable } from "./evaluate-input.ts";
import { preparedFor, type PreparedEvaluation } from "./evaluate-prepare.ts";
import { AGENT_STATE_RULES, type LawRule } from "./laws/law-rules.ts";
import { classifyFinding, matchLawRule } from "./laws/match-laws.ts";
import { overrideDecision } from "./override-decision.ts";
import type { CompiledPolicy, CompiledRule } from "./policy/compile.ts";
import { EvaluationBudgetError, WorkBudget, type EvalContext } from "./policy/context.ts";
import { bestEvidence, matchIndexedRules } from "./policy/match-rules.ts";
import { ObligationSet } from "./policy/obligations.ts";
import { withAgentFeatures } from "./risk/features.ts";
import { riskFeatureRecord, riskScore } from "./risk/score.ts";
import type { AgentStateSnapshot } from "./schemas/agent-state.ts";
import { decisionStrength, type Decision } from "./schemas/decision.ts";
import type { Finding } from "./schemas/finding.ts";
import type { EvaluateResponse } from "./schemas/response.ts";
import { deterministicDecisionId } from "./util/decision-id.ts";

/** Law a tenant rule is attributed to when it names none and has no finding evidence: 5, bounded autonomy. */
export const DEFAULT_RULE_LAW = 5;

/**
 * Finish `prepared` for an agent whose snapshot is `agent`, at `now` (ms since the epoch, used only for the
 * deterministic decision id when neither `options.decisionId` nor the request's `request_id` is given).
 * Throws EvaluateInputError when `prepared` was made with another policy (tenant, seq or hash): prepare
 * again with this one.
 *
 * @example
 * const prepared = prepareEvaluation(request, policy);
 * finishEvaluation(prepared, policy, emptyAgentState(), Date.now(), { decisionId: "d-1" }).decision; // e.g. "BLOCK"
 */
export function finishEvaluation(
  prepared: PreparedEvaluation,
  policy: CompiledPolicy,
  agent: AgentStateSnapshot,
  now: number,
  options?: { decisionId?: string },
): EvaluateResponse {
  const request = prepared.request;
  assertEvaluable(request, policy, agent, now);
  if (!preparedFor(prepared, policy)) throw new EvaluateInputError("prepared evaluation was made with another policy (prepare it again)");
  const findings = prepared.findings;
  const features = withAgentFeatures(prepared.features, agent);
  const risk = riskScore(features);
  const actionType = request.action_type;

  let strength = 0;
  const contributions: Contribution[] = [];
  const violations = new ViolationSet();
  let obligations: ObligationSet | undefined;

  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    const rule = matchLawRule(f, actionType);
    if (rule === undefined) continue;
    violations.addLaw(rule, f);
    addLawContribution(contributions, rule, i);
    strength = Math.max(strength, decisionStrength(rule.decision));
    if (rule.decision === "RESTRICT") applyLawObligation((obligations ??= new ObligationSet()), rule, f);
  }

  if (agent.rate_limited) {
    const r = AGENT_STATE_RULES.rateLimit;
    const limit = policy.rateLimit === undefined ? "" : ` (capacity ${policy.rateLimit.capacity}, ${policy.rateLimit.refill_per_s}/s)`;
    violations.addState(r, "rate_limit");
    contributions.push({ kind: "agent_state", id: r.id, decision: r.decision, reason: r.reason + limit, priority: 0, order: 0 });
    strength = Math.max(strength, decisionStrength(r.decision));
  }
  if (agent.terminated) {
    const r = AGENT_STATE_RULES.stickyTerminate;
    violations.addState(r, "agent_state");
    contributions.push({ kind: "agent_state", id: r.id, decision: r.decision, reason: r.reason, priority: 0, order: 1 });
    strength = Math.max(strength, decisionStrength(r.decision));
  }

  const { matched, budgetSpent } = allMatched(prepared, policy, agent, risk);
  for (const rule of matched) {
    contributions.push({ kind: "rule", id: rule.id, decision: rule.decision, reason: rule.reason, priority: rule.priority, order: rule.order });
    strength = Math.max(strength, decisionStrength(rule.decision));
    if (rule.decision === "ALLOW") continue;
    const evidence = bestEvidence(rule, findings);
    const law = rule.law ?? (evidence === undefined ? undefined : classifyFinding(evidence, actionType)?.law) ?? DEFAULT_RULE_LAW;
    violations.addRule(rule.id, law, rule.severity, evidence, evidence === undefined ? undefined : findings.filter((f) => rule.evidence.some((m) => m(f))));
    if (rule.decision === "RESTRICT") (obligations ??= new ObligationSet()).addPolicy(rule.obligations, findings);
  }
  if (matched.length === 0 && budgetSpent === undefined) {
    const d = policy.defaultOutcome;
    contributions.push({ kind: "default", id: "default", decision: d.decision, reason: d.reason, priority: 0, order: 0 });
    strength = Math.max(strength, decisionStrength(d.decision));
    if (d.decision === "RESTRICT") (obligations ??= new ObligationSet()).addPolicy(d.obligations, findings);
  }

  const decision = DECISION_BY_STRENGTH[strength] as Decision;
  const violationList = violations.build();
  const decidedBy = orderDecidedBy(contributions);
  const response: EvaluateResponse = {
    decision_id: options?.decisionId ?? request.request_id ?? deterministicDecisionId(request, policy.hash, now),
    decision,
    risk_score: risk,
    violations: violationList,
    obligations: decision === "RESTRICT" && obligations !== undefined ? obligations.build() : [],
    explanation: {
      summary: summarize(decision, decidedBy, violationList, risk),
      decided_by: decidedBy,
      laws: violations.laws(),
      risk_features: riskFeatureRecord(features),
    },
    policy_version: policy.version,
    latency_ms: 0,
  };
  if (budgetSpent === undefined) return response;
  return overrideDecision(response, "BLOCK", { kind: "override", id: "evaluation_budget", reason: `${budgetSpent.message}; safe default BLOCK applied` });
}

const NONE: readonly CompiledRule[] = Object.freeze([]);

/**
 * Every matching tenant rule in explanation order: the prepared (stateless) matches plus the state rules
 * that hold now, sorted as `matchRules` sorts them (priority high first, then declaration order). When the
 * regex budget runs out in either half, none counts (the caller fails safe).
 */
function allMatched(prepared: PreparedEvaluation, policy: CompiledPolicy, agent: AgentStateSnapshot, risk: number): { matched: readonly CompiledRule[]; budgetSpent?: EvaluationBudgetError } {
  const budget = new WorkBudget(prepared.budget.limit, prepared.budget.spent);
  if (prepared.budget.spent > prepared.budget.limit) return { matched: NONE, budgetSpent: new EvaluationBudgetError(prepared.budget.limit) };
  let stateful: readonly CompiledRule[];
  try {
    const ctx: EvalContext = { budget, request: prepared.request, agent, findings: prepared.findings, risk };
    stateful = matchIndexedRules(policy.stateIndex, ctx);
  } catch (error) {
    if (!(error instanceof EvaluationBudgetError)) throw error;
    return { matched: NONE, budgetSpent: error };
  }
  if (prepared.matched.length === 0) return { matched: stateful };
  const matched: CompiledRule[] = [];
  for (const order of prepared.matched) {
    const rule = policy.rules[order];
    if (rule === undefined || rule.readsAgentState) throw new EvaluateInputError(`prepared evaluation names no stateless rule at order ${order}`);
    matched.push(rule);
  }
  for (const rule of stateful) matched.push(rule);
  if (matched.length > 1) matched.sort((a, b) => b.priority - a.priority || a.order - b.order);
  return { matched };
}

const DECISION_BY_STRENGTH: readonly Decision[] = ["ALLOW", "RESTRICT", "BLOCK", "TERMINATE"];

function addLawContribution(contributions: Contribution[], rule: LawRule, order: number): void {
  for (const c of contributions) {
    if (c.id === rule.id) {
      c.count = (c.count ?? 1) + 1;
      return;
    }
  }
  contributions.push({ kind: "law", id: rule.id, decision: rule.decision, reason: rule.reason, priority: 0, order });
}

function applyLawObligation(set: ObligationSet, rule: LawRule, f: Finding): void {
  switch (rule.obligation) {
    case "redact":
      set.redactFinding(f);
      break;
    case "require_human_approval":
      set.requireApproval(rule.reason);
      break;
    case "sandbox":
      set.useSandbox();
      break;
    case "quarantine_input":
      set.quarantineFinding(f);
      break;
    default:
      set.logOnlyToo();
  }
}
