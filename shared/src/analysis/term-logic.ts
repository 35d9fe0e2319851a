/**
 * Reasoning on terms (conjunctions of literals): is a term contradictory, does one term imply another, does
 * one condition (as DNF) imply another. Everything here is sound: "contradictory" and "implies" are only said
 * when proven, so an error built on them is never a false alarm.
 */
import { expandSelector } from "../policy/vocabulary.ts";
import type { Term } from "./dnf.ts";
import { fieldConflict } from "./field-conflict.ts";
import { describeLiteral, negate, type FieldLiteral, type FindingLiteral, type Literal } from "./literal.ts";

/**
 * Whether every finding the first literal counts is also counted by the second (types, subtype, score).
 *
 * @example
 * findingCovers(lit("SECRET/jwt ≥0.8"), lit("SECRET ≥0.5")); // true
 */
export function findingCovers(narrow: FindingLiteral["finding"], wide: FindingLiteral["finding"]): boolean {
  const wideTypes = expandSelector(wide.type);
  return (
    expandSelector(narrow.type).every((t) => wideTypes.includes(t)) &&
    (wide.subtype === undefined || wide.subtype === narrow.subtype) &&
    narrow.min_score >= wide.min_score
  );
}

/**
 * Why finding literals can never hold together: some finding literal demands at least k matches of a kind
 * that another forbids (fewer than k' matches of a wider kind, k ≥ k').
 *
 * @example
 * findingConflict([lit("SECRET"), negate(lit("SECRET"))]); // "finding SECRET … and not finding SECRET …"
 */
export function findingConflict(lits: readonly FindingLiteral[]): string | undefined {
  for (const p of lits) {
    if (p.negated) continue;
    for (const n of lits) {
      if (!n.negated) continue;
      if (findingCovers(p.finding, n.finding) && p.finding.min_count >= n.finding.min_count) {
        return `${describeLiteral(p)} and ${describeLiteral(n)} cannot both hold`;
      }
    }
  }
  return undefined;
}

/** Literals grouped by what they constrain: one group per field, one for all finding literals. */
function groups(term: Term): Map<string, Literal[]> {
  const out = new Map<string, Literal[]>();
  for (const lit of term) {
    const id = lit.kind === "finding" ? "#findings" : lit.field;
    const list = out.get(id);
    if (list === undefined) out.set(id, [lit]);
    else list.push(lit);
  }
  return out;
}

function groupConflict(lits: readonly Literal[]): string | undefined {
  if (lits.length === 0) return undefined;
  for (const a of lits) {
    if (lits.some((b) => b.key === a.key && b.negated !== a.negated)) return `${describeLiteral(a)} and its negation cannot both hold`;
  }
  if ((lits[0] as Literal).kind === "finding") return findingConflict(lits as FindingLiteral[]);
  return fieldConflict(lits as FieldLiteral[]);
}

/**
 * Why a term can never be true, or undefined when no contradiction is proven.
 *
 * @example
 * const is = (value: string) => fieldLiteral({ field: "action_type", op: "eq", value }, false);
 * termConflict([is("query"), is("message")]); // "action_type cannot satisfy …"
 */
export function termConflict(term: Term): string | undefined {
  for (const lits of groups(term).values()) {
    const reason = groupConflict(lits);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/**
 * Whether `term` implies `lit`: the literal is in the term, or the term's literals on the same field (or its
 * finding literals) contradict the literal's negation.
 *
 * @example
 * const above = (value: number) => fieldLiteral({ field: "risk", op: "gt", value }, false);
 * termImpliesLiteral([above(0.8)], above(0.5)); // true
 */
export function termImpliesLiteral(term: Term, lit: Literal): boolean {
  if (term.some((t) => t.key === lit.key && t.negated === lit.negated)) return true;
  const same = term.filter((t) => (lit.kind === "finding" ? t.kind === "finding" : t.kind === "field" && t.field === lit.field));
  if (same.length === 0) return false;
  return groupConflict([...same, negate(lit)]) !== undefined;
}

/**
 * Whether condition A implies condition B, both as DNF: every possibly-true term of A implies some term of B.
 *
 * @example
 * dnfImplies(toDnf(narrow)!, toDnf(wide)!); // true when narrow ⇒ wide is proven
 */
export function dnfImplies(a: readonly Term[], b: readonly Term[]): boolean {
  for (const t of a) {
    if (termConflict(t) !== undefined) continue;
    if (!b.some((u) => u.every((lit) => termImpliesLiteral(t, lit)))) return false;
  }
  return true;
}
