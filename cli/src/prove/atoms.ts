/**
 * Finding atoms: the finite partition of "one finding" that the SMT encoding counts. An atom is a finding
 * type, a subtype (a known one, or `null` for none/any other), a score band and a scope (the action, or the
 * request's untrusted `inputs`). Bands are cut at every threshold the law pack or the policy uses, so every
 * finding condition and every law rule gives the same answer for all findings of one atom: counting findings
 * per atom loses nothing. The law pack's decision per atom and action type comes from the real `matchLawRule`.
 */
import {
  DEFAULT_MIN_SCORE,
  FINDING_TYPES,
  KNOWN_SUBTYPES,
  LAW_RULES,
  decisionStrength,
  matchLawRule,
  type Finding,
} from "@nethical/core";

export type Scope = "action" | "inputs";

export interface Atom {
  readonly key: string;
  readonly type: string;
  readonly subtype: string | null;
  /** Scores in [low, high) (high undefined: up to 1). */
  readonly low: number;
  readonly high: number | undefined;
  readonly scope: Scope;
}

/** Action types the law pack singles out; every other action type is treated alike (`OTHER_ACTION_TYPE`). */
export const LAW_ACTION_TYPES: readonly string[] = [...new Set(LAW_RULES.flatMap((r) => r.action_types ?? []))].sort();
/** A representative of "any action type the law pack does not name". */
export const OTHER_ACTION_TYPE = "query";

/**
 * The atoms for a policy whose finding conditions use `minScores` (the law pack's and the default 0.5 are
 * always added). Atoms below every threshold match nothing and are left out.
 *
 * @example
 * findingAtoms([0.8]).some((a) => a.type === "SECRET" && a.low === 0.8); // true
 */
export function findingAtoms(minScores: readonly number[]): Atom[] {
  const cuts = [...new Set([DEFAULT_MIN_SCORE, ...LAW_RULES.map((r) => r.min_score), ...minScores])].filter((s) => s > 0).sort((a, b) => a - b);
  const atoms: Atom[] = [];
  for (const type of FINDING_TYPES) {
    const subtypes: (string | null)[] = [...((KNOWN_SUBTYPES as Record<string, readonly string[] | undefined>)[type] ?? []), null];
    for (const subtype of subtypes) {
      cuts.forEach((low, i) => {
        for (const scope of ["action", "inputs"] as const) {
          atoms.push({ key: `${type}/${subtype ?? "-"}/${low}/${scope}`, type, subtype, low, high: cuts[i + 1], scope });
        }
      });
    }
  }
  return atoms;
}

/**
 * The decision strength (0 ALLOW/none … 3 TERMINATE) the law pack gives one finding of `atom` on `actionType`.
 *
 * @example
 * lawStrength({ key: "", type: "HARMFUL_CONTENT", subtype: "csam", low: 0.5, high: 0.7, scope: "action" }, "message"); // 3
 */
export function lawStrength(atom: Atom, actionType: string): number {
  const finding: Finding = { type: atom.type as Finding["type"], start: 0, end: 1, score: atom.low, detector: "smt" };
  if (atom.subtype !== null) finding.subtype = atom.subtype;
  const rule = matchLawRule(finding, actionType);
  return rule === undefined ? 0 : decisionStrength(rule.decision);
}
