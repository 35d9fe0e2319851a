/**
 * Violations: one per contributing finding (law pack), tenant rule and agent-state check. They carry types,
 * spans and confidence, never the matched text.
 */
import type { Severity } from "../schemas/decision.ts";
import { severityRank } from "../schemas/decision.ts";
import type { Finding, FindingType } from "../schemas/finding.ts";
import type { Violation } from "../schemas/response.ts";
import type { LawRule } from "../laws/law-rules.ts";
import { isPiiType } from "../policy/vocabulary.ts";

/**
 * Violation category of a finding type.
 *
 * @example
 * categoryFor("US_SSN");  // "privacy"
 * categoryFor("SECRET");  // "secret_exposure"
 */
export function categoryFor(type: FindingType): string {
  if (isPiiType(type)) return "privacy";
  return type === "SECRET" ? "secret_exposure" : type.toLowerCase();
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Where a finding points, or undefined for the action text.
 *
 * @example
 * findingField({ ...finding, field: "stated_intent" }); // "stated_intent"
 */
export function findingField(f: Finding): string | undefined {
  return f.field === undefined || f.field === "action" ? undefined : f.field;
}

/**
 * The violation for a finding that broke a law-pack rule, or that is a tenant rule's evidence.
 *
 * @example
 * findingViolation("law.22.secret", 22, "high", finding).id; // "law.22.secret@action:10-30"
 */
export function findingViolation(ruleId: string, law: number, severity: Severity, f: Finding): Violation {
  const field = findingField(f);
  const v: Violation = {
    id: `${ruleId}@${field ?? "action"}:${f.start}-${f.end}`,
    law,
    category: categoryFor(f.type),
    detector: f.detector,
    rule: ruleId,
    finding_type: f.type,
    severity,
    confidence: clamp01(f.score),
    span: { start: f.start, end: f.end },
  };
  if (f.subtype !== undefined) v.subtype = f.subtype;
  if (field !== undefined) v.field = field;
  return v;
}

/**
 * The violation for a law-pack finding rule.
 *
 * @example
 * lawViolation(rule, finding).law; // rule.law
 */
export function lawViolation(rule: LawRule, f: Finding): Violation {
  return findingViolation(rule.id, rule.law, rule.severity, f);
}

/**
 * The violation for a matched tenant rule: with its best evidence finding when it has one.
 *
 * @example
 * ruleViolation("no-prod-writes", 5, "high", undefined).category; // "policy"
 */
export function ruleViolation(ruleId: string, law: number, severity: Severity, evidence: Finding | undefined): Violation {
  if (evidence !== undefined) return { ...findingViolation(ruleId, law, severity, evidence), category: "policy" };
  return { id: ruleId, law, category: "policy", rule: ruleId, severity, confidence: 1 };
}

/**
 * A violation that comes from the agent's state (rate limit, sticky TERMINATE).
 *
 * @example
 * stateViolation({ id: "law.5.rate-limit", law: 5, severity: "medium" }, "rate_limit").confidence; // 1
 */
export function stateViolation(rule: { id: string; law: number; severity: Severity }, category: string): Violation {
  return { id: rule.id, law: rule.law, category, rule: rule.id, severity: rule.severity, confidence: 1 };
}

/**
 * Sort violations deterministically: severity (strongest first), law, field (action text first), span, id.
 *
 * @example
 * sortViolations(list)[0].severity; // the highest severity present
 */
export function sortViolations(violations: Violation[]): Violation[] {
  return violations.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.law - b.law ||
      cmp(a.field ?? "", b.field ?? "") ||
      (a.span?.start ?? -1) - (b.span?.start ?? -1) ||
      (a.span?.end ?? -1) - (b.span?.end ?? -1) ||
      cmp(a.id, b.id),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
