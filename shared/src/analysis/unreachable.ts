/**
 * Per-rule checks: `unreachable` (every DNF term of the condition is contradictory, e.g. `action_type eq a`
 * ∧ `action_type eq b`, `risk gt 0.9` ∧ `risk lt 0.3`, an empty `any`) and `not-analysed` (the condition's
 * DNF is larger than the cap, so the rule is left out of every other semantic check).
 */
import { MAX_DNF_TERMS } from "./dnf.ts";
import { finding, type AnalysisFinding } from "./report.ts";
import type { RuleFacts } from "./rule-facts.ts";

/**
 * Findings about single rules, in rule order.
 *
 * @example
 * unreachableFindings([ruleFacts({ id: "r", when: { any: [] }, then: { decision: "BLOCK" } }, 0)])[0].code; // "unreachable"
 */
export function unreachableFindings(facts: readonly RuleFacts[], maxTerms: number = MAX_DNF_TERMS): AnalysisFinding[] {
  const out: AnalysisFinding[] = [];
  for (const f of facts) {
    const id = f.rule.id;
    const path = `rules[${f.index}].when`;
    if (f.dnf === undefined) {
      out.push(finding("not-analysed", `condition of ${id} expands to more than ${maxTerms} cases; it was not checked for unreachable, shadowed or contradictory rules`, [id], path));
    } else if (f.live.length === 0) {
      out.push(finding("unreachable", `${id} can never match: ${f.deadReason ?? "its condition is never true"}`, [id], path));
    }
  }
  return out;
}
