/**
 * Condition trees → closures (no eval / new Function: workerd forbids them). Everything that can be done
 * once is done here: field getters, Sets for `in`, regex compilation, finding-type sets. At evaluation a
 * predicate only reads the EvalContext.
 */
import type { Finding } from "../schemas/finding.ts";
import type { Condition, FindingCondition, RiskCondition } from "./condition-schema.ts";
import { DEFAULT_MIN_SCORE } from "./condition-schema.ts";
import type { EvalContext, Predicate } from "./context.ts";

export type { Predicate };
import { compileField } from "./compile-field.ts";
import { expandSelector } from "./vocabulary.ts";

export type FindingMatcher = (finding: Finding) => boolean;

const TRUE: Predicate = () => true;
const FALSE: Predicate = () => false;

/**
 * Compile a validated condition into a predicate.
 *
 * @example
 * const p = compileCondition({ field: "action_type", op: "eq", value: "message" });
 * p(ctx); // ctx.request.action_type === "message"
 */
export function compileCondition(cond: Condition): Predicate {
  if ("field" in cond) return compileField(cond);
  if ("finding" in cond) return compileFinding(cond);
  if ("risk" in cond) return compileRisk(cond);
  if ("not" in cond) {
    const inner = compileCondition(cond.not);
    return (c) => !inner(c);
  }
  if ("all" in cond) {
    const parts = cond.all.map(compileCondition);
    if (parts.length === 0) return TRUE;
    if (parts.length === 1) return parts[0] as Predicate;
    return (c) => {
      for (let i = 0; i < parts.length; i++) if (!(parts[i] as Predicate)(c)) return false;
      return true;
    };
  }
  const parts = cond.any.map(compileCondition);
  if (parts.length === 0) return FALSE;
  if (parts.length === 1) return parts[0] as Predicate;
  return (c) => {
    for (let i = 0; i < parts.length; i++) if ((parts[i] as Predicate)(c)) return true;
    return false;
  };
}

/**
 * A per-finding test for a finding condition (type/family, subtype, min_score, scope `in`, default the
 * action: findings of the request's untrusted inputs only count where a condition says `in: inputs` or
 * `in: any`; not min_count).
 *
 * @example
 * const m = compileFindingMatcher({ type: "SECRET", min_score: 0.8 });
 * m({ type: "SECRET", start: 0, end: 4, score: 0.9, detector: "secrets" }); // true
 */
export function compileFindingMatcher(spec: FindingCondition["finding"]): FindingMatcher {
  const types = expandSelector(spec.type);
  const min = spec.min_score ?? DEFAULT_MIN_SCORE;
  const subtype = spec.subtype;
  const scope = spec.in ?? "action";
  let match: FindingMatcher;
  if (types.length === 1) {
    const type = types[0];
    match = (f) => f.type === type && f.score >= min && (subtype === undefined || f.subtype === subtype);
  } else {
    const set = new Set<string>(types);
    match = (f) => f.score >= min && set.has(f.type) && (subtype === undefined || f.subtype === subtype);
  }
  if (scope === "any") return match;
  if (scope === "inputs") return (f) => isInputFinding(f) && match(f);
  return (f) => !isInputFinding(f) && match(f);
}

/**
 * Whether a finding comes from one of the request's untrusted `inputs` (`field: "inputs.<i>.content"`).
 *
 * @example
 * isInputFinding({ type: "PROMPT_INJECTION", subtype: "indirect", start: 0, end: 5, score: 0.7, detector: "data_injection", field: "inputs.0.content" }); // true
 */
export function isInputFinding(f: Finding): boolean {
  return f.field !== undefined && f.field.startsWith("inputs.");
}

function compileFinding(cond: FindingCondition): Predicate {
  const match = compileFindingMatcher(cond.finding);
  const need = cond.finding.min_count ?? 1;
  return (c) => {
    const findings = c.findings;
    let n = 0;
    for (let i = 0; i < findings.length; i++) if (match(findings[i] as Finding) && ++n >= need) return true;
    return false;
  };
}

function compileRisk(cond: RiskCondition): Predicate {
  const { gte, gt, lte, lt } = cond.risk;
  const checks: ((risk: number) => boolean)[] = [];
  if (gte !== undefined) checks.push((r) => r >= gte);
  if (gt !== undefined) checks.push((r) => r > gt);
  if (lte !== undefined) checks.push((r) => r <= lte);
  if (lt !== undefined) checks.push((r) => r < lt);
  return (c) => {
    for (let i = 0; i < checks.length; i++) if (!(checks[i] as (risk: number) => boolean)(c.risk)) return false;
    return true;
  };
}

/**
 * Finding matchers that can make `cond` true (finding leaves not under a `not`): used to attach evidence
 * (span, detector, confidence) to a matched rule's violation.
 *
 * @example
 * evidenceMatchers({ all: [{ finding: { type: "SECRET" } }, { not: { finding: { type: "US_SSN" } } }] }).length; // 1
 */
export function evidenceMatchers(cond: Condition): FindingMatcher[] {
  if ("finding" in cond) return [compileFindingMatcher(cond.finding)];
  if ("all" in cond) return cond.all.flatMap(evidenceMatchers);
  if ("any" in cond) return cond.any.flatMap(evidenceMatchers);
  return [];
}
