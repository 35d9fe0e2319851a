/**
 * What the analysis knows about each rule: its DNF (or undefined when too large), the terms not proven
 * contradictory, its decision strength and evaluation rank, and its compiled predicate (for examples).
 */
import { compileCondition, type Predicate } from "../policy/compile-condition.ts";
import { pinnedValues } from "../policy/rule-index.ts";
import type { PolicyRule } from "../policy/schema.ts";
import { decisionStrength } from "../schemas/decision.ts";
import { MAX_DNF_TERMS, toDnf, type Term } from "./dnf.ts";
import { termConflict } from "./term-logic.ts";

export interface RuleFacts {
  readonly rule: PolicyRule;
  /** Position in the document's `rules`. */
  readonly index: number;
  readonly priority: number;
  readonly strength: number;
  readonly dnf: readonly Term[] | undefined;
  /** DNF terms not proven contradictory (empty: the rule can never match). */
  readonly live: readonly Term[];
  /** Why the first term is contradictory, when every term is. */
  readonly deadReason: string | undefined;
  readonly test: Predicate;
  /** Action types the rule is pinned to (see rule-index.ts), or undefined. */
  readonly pins: readonly string[] | undefined;
}

/**
 * Analyse one validated rule.
 *
 * @example
 * ruleFacts(rule, 0).live.length === 0; // the rule is unreachable
 */
export function ruleFacts(rule: PolicyRule, index: number, maxTerms: number = MAX_DNF_TERMS): RuleFacts {
  const dnf = toDnf(rule.when, maxTerms);
  const live: Term[] = [];
  let deadReason: string | undefined;
  for (const term of dnf ?? []) {
    const reason = termConflict(term);
    if (reason === undefined) live.push(term);
    else deadReason ??= reason;
  }
  return {
    rule,
    index,
    priority: rule.priority ?? 0,
    strength: decisionStrength(rule.then.decision),
    dnf,
    live,
    deadReason: dnf !== undefined && dnf.length === 0 ? "the condition is an empty `any` (never true)" : deadReason,
    test: compileCondition(rule.when),
    pins: pinnedValues(rule.when, "action_type"),
  };
}

/**
 * Whether `a` is tested before `b` (higher priority first, then document order), as evaluate orders matches.
 *
 * @example
 * ranksBefore(facts[0], facts[1]); // true when rule 0 has the same or a higher priority
 */
export function ranksBefore(a: RuleFacts, b: RuleFacts): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.index < b.index);
}
