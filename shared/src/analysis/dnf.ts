/**
 * Conditions → disjunctive normal form: a list of terms (conjunctions of literals), true when any term is.
 * Negations are pushed to the leaves first (De Morgan). The expansion is capped: a condition whose DNF would
 * exceed `maxTerms` terms returns `undefined` ("not analysed") instead of growing exponentially.
 */
import type { Condition } from "../policy/condition-schema.ts";
import { fieldLiteral, findingLiteral, type Literal } from "./literal.ts";

/** A conjunction of literals (empty = true). */
export type Term = readonly Literal[];

/** Largest DNF (terms) built per condition. */
export const MAX_DNF_TERMS = 256;
/** Largest term (literals). */
export const MAX_TERM_LITERALS = 128;

class TooLarge extends Error {}

/**
 * The DNF of a validated condition, or undefined when it is larger than the caps. `[]` means the condition is
 * never true (e.g. `any: []`); `[[]]` means always true (e.g. `all: []`).
 *
 * @example
 * toDnf({ any: [{ field: "action_type", op: "eq", value: "query" }, { risk: { gte: 0.5 } }] })?.length; // 2
 */
export function toDnf(cond: Condition, maxTerms: number = MAX_DNF_TERMS): Term[] | undefined {
  try {
    return dnf(cond, false, maxTerms);
  } catch (error) {
    if (error instanceof TooLarge) return undefined;
    throw error;
  }
}

function dnf(cond: Condition, negated: boolean, max: number): Term[] {
  if ("field" in cond) return [[fieldLiteral(cond, negated)]];
  if ("finding" in cond) return [[findingLiteral(cond, negated)]];
  if ("risk" in cond) {
    const bounds = (["gte", "gt", "lte", "lt"] as const).filter((op) => cond.risk[op] !== undefined);
    const parts: Condition[] = bounds.map((op) => ({ field: "risk", op, value: cond.risk[op] as number }));
    return dnf({ all: parts }, negated, max);
  }
  if ("not" in cond) return dnf(cond.not, !negated, max);
  const conjunction = "all" in cond ? !negated : negated;
  const children = "all" in cond ? cond.all : cond.any;
  if (!conjunction) {
    const out: Term[] = [];
    for (const child of children) {
      for (const term of dnf(child, negated, max)) {
        out.push(term);
        if (out.length > max) throw new TooLarge();
      }
    }
    return out;
  }
  let acc: Term[] = [[]];
  for (const child of children) {
    const terms = dnf(child, negated, max);
    if (acc.length * terms.length > max) throw new TooLarge();
    const next: Term[] = [];
    for (const a of acc) for (const b of terms) next.push(joinTerms(a, b));
    acc = next;
    if (acc.length === 0) return acc;
  }
  return acc;
}

function joinTerms(a: Term, b: Term): Term {
  const out = [...a];
  for (const lit of b) if (!out.some((x) => x.key === lit.key && x.negated === lit.negated)) out.push(lit);
  if (out.length > MAX_TERM_LITERALS) throw new TooLarge();
  return out;
}
