/**
 * The one-phase `evaluate` exactly as it was before it was split into `prepareEvaluation` (at the PoP) and
 * `finishEvaluation` (in the AgentState object): detectors, every rule and the agent state in one call.
 * Kept frozen as the oracle of the differential tests (evaluate-split.test.ts, the Worker's
 * evaluate-at-pop test) and as the "before" of `npm run bench:agent-state`. Never used on a decision path.
 */
import { runDetectors } from "../detectors/index.ts";
import { scanInputs } from "../detectors/data-injection.ts";
import { orderDecidedBy, type Contribution } from "../explain/decided-by.ts";
import { summarize } from "../explain/summary.ts";
import { ViolationSet } from "../explain/violations.ts";
import { AGENT_STATE_RULES, type LawRule } from "../laws/law-rules.ts";
import { classifyFinding, matchLawRule } from "../laws/match-laws.ts";
import type { CompiledPolicy } from "../policy/compile.ts";
import { EvaluationBudgetError, WorkBudget, type EvalContext } from "../policy/context.ts";
import { overrideDecision } from "../override-decision.ts";
import { bestEvidence, matchRules } from "../policy/match-rules.ts";
import { ObligationSet } from "../policy/obligations.ts";
import { compareRequestFindings, scanRequest } from "../policy/scan-request.ts";
import { riskFeatures } from "../risk/features.ts";
import { riskFeatureRecord, riskScore } from "../risk/score.ts";
import type { EvaluateRequest } from "../schemas/action.ts";
import type { AgentStateSnapshot } from "../schemas/agent-state.ts";
import { decisionStrength, type Decision } from "../schemas/decision.ts";
import type { Finding } from "../schemas/finding.ts";
import type { EvaluateResponse } from "../schemas/response.ts";
import { deterministicDecisionId } from "../util/decision-id.ts";
import { assertEvaluable } from "../evaluate-input.ts";

interface EvaluateOptions {
  /** Use this decision id (adapters pass the request id they propagate). */
  decisionId?: string;
  /** Characters of regex matching the tenant's conditions may scan (default MAX_REGEX_CHARS_PER_EVALUATION). */
  regexBudgetChars?: number;
}

/** Law a tenant rule is attributed to when it names none and has no finding evidence: 5, bounded autonomy. */
const DEFAULT_RULE_LAW = 5;

/**
 * The one-phase evaluate as it was before the split (test and benchmark oracle only).
 *
 * @example
 * JSON.stringify(referenceEvaluate(request, policy, agent, now)) === JSON.stringify(evaluate(request, policy, agent, now)); // true
 */
export function referenceEvaluate(
  request: EvaluateRequest,
  policy: CompiledPolicy,
  agent: AgentStateSnapshot,
  now: number,
  options?: EvaluateOptions,
): EvaluateResponse {
  assertEvaluable(request, policy, agent, now);
  const findings = withInputFindings(scanRequest(request, runDetectors), request);
  const features = riskFeatures(findings, request, agent);
  const risk = riskScore(features);
  const ctx: EvalContext = { budget: new WorkBudget(options?.regexBudgetChars), request, agent, findings, risk };
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

  let matched: ReturnType<typeof matchRules>;
  let budgetSpent: EvaluationBudgetError | undefined;
  try {
    matched = matchRules(policy, ctx);
  } catch (error) {
    if (!(error instanceof EvaluationBudgetError)) throw error;
    // The tenant's rules could not all be checked within the budget: none of them counts, and the answer
    // is raised to BLOCK below (the law pack and agent state above still count).
    matched = [];
    budgetSpent = error;
  }
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

/** The request's findings plus the data-mode findings of its `inputs` (field `inputs.<i>.content`), sorted. */
function withInputFindings(findings: readonly Finding[], request: EvaluateRequest): readonly Finding[] {
  if (request.inputs === undefined || request.inputs.length === 0) return findings;
  const fromInputs = scanInputs(request.inputs);
  if (fromInputs.length === 0) return findings;
  return [...findings, ...fromInputs].sort(compareRequestFindings);
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
