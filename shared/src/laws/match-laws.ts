/**
 * Finding → law rule lookup for evaluation. Built once at module load: per finding type, the law rules in
 * first-match order, with action-type filters as Sets.
 */
import type { Finding } from "../schemas/finding.ts";
import { LAW_RULES, type LawRule } from "./law-rules.ts";

interface Entry {
  rule: LawRule;
  actionTypes: ReadonlySet<string> | undefined;
}

const BY_TYPE: ReadonlyMap<string, readonly Entry[]> = (() => {
  const map = new Map<string, Entry[]>();
  for (const rule of LAW_RULES) {
    const list = map.get(rule.type) ?? [];
    list.push({ rule, actionTypes: rule.action_types === undefined ? undefined : new Set(rule.action_types) });
    map.set(rule.type, list);
  }
  return map;
})();

/**
 * The law rule a finding breaks for this action type (first match in the pack's order), or undefined when the
 * finding is below every threshold.
 *
 * @example
 * matchLawRule({ type: "HARMFUL_CONTENT", subtype: "csam", start: 0, end: 5, score: 0.9, detector: "harm" }, "message")?.decision;
 * // "TERMINATE"
 */
export function matchLawRule(finding: Finding, actionType: string): LawRule | undefined {
  const entries = BY_TYPE.get(finding.type);
  if (entries === undefined) return undefined;
  for (let i = 0; i < entries.length; i++) {
    const { rule, actionTypes } = entries[i] as Entry;
    if (finding.score < rule.min_score) continue;
    if (rule.subtype !== undefined && rule.subtype !== finding.subtype) continue;
    if (actionTypes !== undefined && !actionTypes.has(actionType)) continue;
    return rule;
  }
  return undefined;
}

/**
 * The law rule that covers a finding of this kind on this action type whatever its score (the first rule
 * matching type, subtype and action type), or undefined. Used for severity and law attribution.
 *
 * @example
 * classifyFinding({ type: "SECRET", start: 0, end: 1, score: 0.1, detector: "secrets" }, "query")?.law; // 22
 */
export function classifyFinding(finding: Finding, actionType: string): LawRule | undefined {
  const entries = BY_TYPE.get(finding.type);
  if (entries === undefined) return undefined;
  for (let i = 0; i < entries.length; i++) {
    const { rule, actionTypes } = entries[i] as Entry;
    if (rule.subtype !== undefined && rule.subtype !== finding.subtype) continue;
    if (actionTypes !== undefined && !actionTypes.has(actionType)) continue;
    return rule;
  }
  return undefined;
}

/**
 * The severity the law pack gives a finding of this kind on this action type, whatever its score (used by
 * risk features); "low" when no rule covers it.
 *
 * @example
 * severityFor({ type: "SECRET", start: 0, end: 1, score: 0.1, detector: "secrets" }, "query"); // "high"
 */
export function severityFor(finding: Finding, actionType: string): LawRule["severity"] {
  return classifyFinding(finding, actionType)?.severity ?? "low";
}
