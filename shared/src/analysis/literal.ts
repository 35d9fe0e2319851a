/**
 * Literals: the leaves of a condition in a canonical form, possibly negated. `neq` becomes ¬eq, `nin` ¬in,
 * `in [x]` eq x, `exists: false` ¬exists, and `{ risk: {...} }` one `risk` field literal per bound, so two
 * leaves that mean the same thing get the same `key`.
 */
import type { Condition, FieldCondition, FindingCondition, Primitive } from "../policy/condition-schema.ts";
import { DEFAULT_MIN_SCORE } from "../policy/condition-schema.ts";
import type { FieldOp } from "../policy/vocabulary.ts";

/** A positive field operator after canonicalisation (no neq/nin). */
export type LiteralOp = Exclude<FieldOp, "neq" | "nin">;

export interface FieldLiteral {
  kind: "field";
  field: string;
  op: LiteralOp;
  value: Primitive | Primitive[] | undefined;
  negated: boolean;
  /** Identity of the positive literal (same for `x` and `¬x`). */
  key: string;
}

export interface FindingLiteral {
  kind: "finding";
  finding: Required<Pick<FindingCondition["finding"], "type" | "min_score" | "min_count">> & { subtype?: string };
  negated: boolean;
  key: string;
}

export type Literal = FieldLiteral | FindingLiteral;

/**
 * A field leaf as a canonical literal.
 *
 * @example
 * fieldLiteral({ field: "context.env", op: "neq", value: "prod" }, false); // ¬(context.env eq "prod")
 */
export function fieldLiteral(leaf: FieldCondition, negated: boolean): FieldLiteral {
  let op: FieldOp = leaf.op;
  let value = leaf.value;
  let neg = negated;
  if (op === "neq" || op === "nin") {
    op = op === "neq" ? "eq" : "in";
    neg = !neg;
  }
  if (op === "exists") {
    if (value === false) neg = !neg;
    value = undefined;
  }
  if (op === "in" && Array.isArray(value)) {
    const unique = [...new Set(value)];
    if (unique.length === 1) {
      op = "eq";
      value = unique[0] as Primitive;
    } else value = unique.sort(comparePrimitive);
  }
  const positive = op as LiteralOp;
  return { kind: "field", field: leaf.field, op: positive, value, negated: neg, key: `f:${JSON.stringify([leaf.field, positive, value ?? null])}` };
}

/**
 * A finding leaf as a canonical literal (defaults filled in).
 *
 * @example
 * findingLiteral({ finding: { type: "SECRET" } }, false).finding.min_score; // 0.5
 */
export function findingLiteral(leaf: FindingCondition, negated: boolean): FindingLiteral {
  const f = leaf.finding;
  const finding: FindingLiteral["finding"] = { type: f.type, min_score: f.min_score ?? DEFAULT_MIN_SCORE, min_count: f.min_count ?? 1 };
  if (f.subtype !== undefined) finding.subtype = f.subtype;
  return { kind: "finding", finding, negated, key: `g:${JSON.stringify([finding.type, finding.subtype ?? null, finding.min_score, finding.min_count])}` };
}

/**
 * The same literal with the opposite polarity.
 *
 * @example
 * negate(lit).negated === !lit.negated; // true
 */
export function negate<L extends Literal>(lit: L): L {
  return { ...lit, negated: !lit.negated };
}

/**
 * The literal as a condition again (for compiling and for messages).
 *
 * @example
 * literalCondition(fieldLiteral({ field: "risk", op: "gt", value: 0.5 }, true)); // { not: { field: "risk", op: "gt", value: 0.5 } }
 */
export function literalCondition(lit: Literal): Condition {
  let cond: Condition;
  if (lit.kind === "finding") cond = { finding: { ...lit.finding } };
  else cond = lit.value === undefined ? { field: lit.field, op: lit.op } : { field: lit.field, op: lit.op, value: lit.value };
  return lit.negated ? { not: cond } : cond;
}

/**
 * A short human description, e.g. `context.env eq "prod"` or `not finding SECRET ≥0.5`.
 *
 * @example
 * describeLiteral(fieldLiteral({ field: "risk", op: "gt", value: 0.5 }, false)); // "risk gt 0.5"
 */
export function describeLiteral(lit: Literal): string {
  const not = lit.negated ? "not " : "";
  if (lit.kind === "finding") {
    const f = lit.finding;
    const count = f.min_count > 1 ? ` ×${f.min_count}` : "";
    return `${not}finding ${f.type}${f.subtype === undefined ? "" : `/${f.subtype}`} score≥${f.min_score}${count}`;
  }
  return `${not}${lit.field} ${lit.op}${lit.value === undefined ? "" : ` ${JSON.stringify(lit.value)}`}`;
}

function comparePrimitive(a: Primitive, b: Primitive): number {
  const ka = `${typeof a}:${String(a)}`;
  const kb = `${typeof b}:${String(b)}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
