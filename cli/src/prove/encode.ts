/**
 * Compiled rule conditions → z3 terms. One encoding per policy: a variable set for every field a condition
 * reads, a finding count per finding atom (atoms.ts), the law pack's strength as `lawAtLeast(k)` booleans,
 * and the agent-state flags the combiner reads.
 *
 * | condition | encoding | exact? |
 * |---|---|---|
 * | `eq`/`neq`/`in`/`nin` | value tag (absent, null, boolean, number, string, other) + typed value | exact |
 * | `gt`/`gte`/`lt`/`lte` on numbers | linear real (integer for `agent.*`) arithmetic | exact |
 * | the same on decimal strings (`"12500"`) | a free "is decimal" flag and a free number | over-approximated |
 * | `exists` | tag not absent/null | exact |
 * | `starts_with` / `contains` on strings | z3 sequences `PrefixOf` / `Contains` | exact |
 * | `contains` on arrays | a free boolean per (field, needle) | over-approximated |
 * | `matches` | a free boolean per (field, pattern), only on strings | over-approximated |
 * | `finding` | Σ counts of the atoms it matches ≥ `min_count` | exact given the atoms; which finding sets detectors can produce is over-approximated (any) |
 * | `risk` | a free real in [0, 1] | over-approximated (not linked to findings) |
 * | nested paths (`context.a` vs `context.a.b`), `tool.name` vs `tool.arguments.*` | independent | over-approximated |
 *
 * Every over-approximation only adds behaviours, so UNSAT stays a proof; SAT models are witnesses to check.
 */
import type { Arith, Bool, Context, Seq } from "z3-solver";
import { expandSelector, type Condition } from "@nethical/core";
import type { FieldCondition, Primitive } from "@nethical/core/policy/condition-schema.ts";
import { fieldKind } from "@nethical/core/policy/fields.ts";
import { LAW_ACTION_TYPES, OTHER_ACTION_TYPE, findingAtoms, lawStrength, type Atom } from "./atoms.ts";

export type Z3 = Context<"main">;

/** Value tags of a field. */
export const TAG = { absent: 0, null: 1, boolean: 2, number: 3, string: 4, other: 5 } as const;

export interface FieldVars {
  readonly field: string;
  readonly tag: Arith<"main">;
  readonly str: Seq<"main">;
  readonly num: Arith<"main">;
  readonly bool: Bool<"main">;
  /** Over-approximation of `numeric(str)`: the string is a decimal and has this value. */
  readonly decimal: Bool<"main">;
  readonly decimalValue: Arith<"main">;
  /** Over-approximation of array membership for `contains` on arrays: needle → free boolean. */
  readonly arrayHas: Map<string, Bool<"main">>;
  /** Over-approximation of `matches`: pattern → free boolean. */
  readonly regex: Map<string, Bool<"main">>;
  readonly integer: boolean;
}

/** Which over-approximations an encoding used (reported with its proofs). */
export type Approximation = "decimal-strings" | "array-contains" | "regex" | "risk" | "nested-paths";

export interface Encoding {
  readonly z: Z3;
  readonly fields: Map<string, FieldVars>;
  readonly atoms: readonly Atom[];
  readonly counts: ReadonlyMap<string, Arith<"main">>;
  readonly rateLimited: Bool<"main">;
  readonly terminated: Bool<"main">;
  readonly budgetSpent: Bool<"main">;
  /** Domain facts (kinds of fixed fields, counts ≥ 0, risk in [0, 1], …): assert them on every solver. */
  readonly background: Bool<"main">[];
  readonly approximations: Set<Approximation>;
  /** The encoding of a validated condition. */
  condition(cond: Condition): Bool<"main">;
  /** The law pack decides at least strength k (1 RESTRICT, 2 BLOCK, 3 TERMINATE) from the findings. */
  lawAtLeast(k: number): Bool<"main">;
  field(name: string): FieldVars;
}

const ALWAYS_STRING = new Set(["action", "action_type", "agent_id"]);
const MAYBE_STRING = new Set(["stated_intent", "tool.name"]);

/**
 * Build the encoding for conditions whose finding leaves use `minScores`.
 *
 * @example
 * const enc = createEncoding(z, [0.8]);
 * solver.add(...enc.background, enc.condition(rule.when));
 */
export function createEncoding(z: Z3, minScores: readonly number[]): Encoding {
  const fields = new Map<string, FieldVars>();
  const background: Bool<"main">[] = [];
  const approximations = new Set<Approximation>();
  const atoms = findingAtoms(minScores);
  const counts = new Map<string, Arith<"main">>();
  // `count ≥ 0` is asserted only for atoms a condition sums over (see `condition`): the law pack only asks
  // `count ≥ 1`, where a negative count behaves like 0, and a thousand unused facts slow every query.
  const bounded = new Set<string>();
  for (const atom of atoms) counts.set(atom.key, z.Int.const(`count:${atom.key}`));

  function field(name: string): FieldVars {
    const known = fields.get(name);
    if (known !== undefined) return known;
    const kind = fieldKind(name);
    const integer = name.startsWith("agent.");
    const vars: FieldVars = {
      field: name,
      tag: z.Int.const(`tag:${name}`),
      str: z.String.const(`str:${name}`),
      num: integer ? z.ToReal(z.Int.const(`int:${name}`)) : z.Real.const(`num:${name}`),
      bool: z.Bool.const(`bool:${name}`),
      decimal: z.Bool.const(`decimal:${name}`),
      decimalValue: z.Real.const(`decimalValue:${name}`),
      arrayHas: new Map(),
      regex: new Map(),
      integer,
    };
    fields.set(name, vars);
    if (ALWAYS_STRING.has(name)) background.push(vars.tag.eq(TAG.string), vars.str.length().ge(1));
    else if (MAYBE_STRING.has(name)) background.push(z.Or(vars.tag.eq(TAG.absent), vars.tag.eq(TAG.string)));
    else if (kind === "number") {
      background.push(vars.tag.eq(TAG.number));
      if (name === "risk") background.push(vars.num.ge(0), vars.num.le(1));
      else background.push(vars.num.ge(0));
    } else background.push(vars.tag.ge(TAG.absent), vars.tag.le(TAG.other));
    if (name === "risk") approximations.add("risk");
    if (name.startsWith("context.") || name.startsWith("tool.arguments.")) {
      const prefix = name.startsWith("context.") ? "context." : "tool.arguments.";
      for (const other of fields.keys()) if (other !== name && other.startsWith(prefix) && (other.startsWith(`${name}.`) || name.startsWith(`${other}.`))) approximations.add("nested-paths");
    }
    return vars;
  }
  field("action_type");

  const eqValue = (v: FieldVars, value: Primitive): Bool<"main"> => {
    if (value === null) return v.tag.eq(TAG.null);
    if (typeof value === "string") return z.And(v.tag.eq(TAG.string), v.str.eq(z.String.val(value)));
    if (typeof value === "number") return z.And(v.tag.eq(TAG.number), v.num.eq(z.Real.val(value)));
    return z.And(v.tag.eq(TAG.boolean), v.bool.eq(z.Bool.val(value)));
  };
  const compare = (x: Arith<"main">, op: string, n: number): Bool<"main"> => {
    const k = z.Real.val(n);
    return op === "gt" ? x.gt(k) : op === "gte" ? x.ge(k) : op === "lt" ? x.lt(k) : x.le(k);
  };

  function fieldCondition(leaf: FieldCondition): Bool<"main"> {
    const v = field(leaf.field);
    const value = leaf.value;
    switch (leaf.op) {
      case "eq":
        return eqValue(v, value as Primitive);
      case "neq":
        return z.Not(eqValue(v, value as Primitive));
      case "in":
        return z.Or(...(value as Primitive[]).map((x) => eqValue(v, x)));
      case "nin":
        return z.Not(z.Or(...(value as Primitive[]).map((x) => eqValue(v, x))));
      case "gt":
      case "gte":
      case "lt":
      case "lte": {
        const onNumber = z.And(v.tag.eq(TAG.number), compare(v.num, leaf.op, value as number));
        if (fieldKind(leaf.field) !== "json") return onNumber;
        approximations.add("decimal-strings");
        return z.Or(onNumber, z.And(v.tag.eq(TAG.string), v.decimal, compare(v.decimalValue, leaf.op, value as number)));
      }
      case "exists": {
        const present = z.And(v.tag.neq(TAG.absent), v.tag.neq(TAG.null));
        return value === false ? z.Not(present) : present;
      }
      case "starts_with":
        return z.And(v.tag.eq(TAG.string), z.String.val(value as string).prefixOf(v.str));
      case "contains": {
        const onString = z.And(v.tag.eq(TAG.string), v.str.contains(value as string));
        if (fieldKind(leaf.field) !== "json") return onString;
        approximations.add("array-contains");
        let has = v.arrayHas.get(value as string);
        if (has === undefined) v.arrayHas.set(value as string, (has = z.Bool.const(`has:${leaf.field}:${String(value)}`)));
        return z.Or(onString, z.And(v.tag.eq(TAG.other), has));
      }
      case "matches": {
        approximations.add("regex");
        let re = v.regex.get(value as string);
        if (re === undefined) v.regex.set(value as string, (re = z.Bool.const(`re:${leaf.field}:${String(value)}`)));
        return z.And(v.tag.eq(TAG.string), re);
      }
    }
  }

  function condition(cond: Condition): Bool<"main"> {
    if ("field" in cond) return fieldCondition(cond);
    if ("finding" in cond) {
      const spec = cond.finding;
      const types = new Set<string>(expandSelector(spec.type));
      const min = spec.min_score ?? 0.5;
      const scope = spec.in ?? "action";
      const matching = atoms.filter(
        (a) => types.has(a.type) && a.low >= min && (spec.subtype === undefined || a.subtype === spec.subtype) && (scope === "any" || a.scope === scope),
      );
      if (matching.length === 0) return z.Bool.val(false);
      for (const a of matching) {
        if (bounded.has(a.key)) continue;
        bounded.add(a.key);
        background.push((counts.get(a.key) as Arith<"main">).ge(0));
      }
      const sum = matching.map((a) => counts.get(a.key) as Arith<"main">).reduce((x, y) => x.add(y));
      return sum.ge(spec.min_count ?? 1);
    }
    if ("risk" in cond) {
      const r = field("risk").num;
      const parts = (["gte", "gt", "lte", "lt"] as const).filter((op) => cond.risk[op] !== undefined).map((op) => compare(r, op, cond.risk[op] as number));
      return z.And(...parts);
    }
    if ("not" in cond) return z.Not(condition(cond.not));
    if ("all" in cond) return z.And(...cond.all.map(condition));
    return z.Or(...cond.any.map(condition));
  }

  const actionType = field("action_type");
  const classes: { is: Bool<"main">; representative: string }[] = [
    ...LAW_ACTION_TYPES.map((t) => ({ is: actionType.str.eq(z.String.val(t)), representative: t })),
    { is: z.Not(z.Or(...LAW_ACTION_TYPES.map((t) => actionType.str.eq(z.String.val(t))))), representative: OTHER_ACTION_TYPE },
  ];
  const lawCache = new Map<number, Bool<"main">>();
  function lawAtLeast(k: number): Bool<"main"> {
    const cached = lawCache.get(k);
    if (cached !== undefined) return cached;
    const parts: Bool<"main">[] = [];
    for (const cls of classes) {
      const atomsHere = atoms.filter((a) => lawStrength(a, cls.representative) >= k).map((a) => (counts.get(a.key) as Arith<"main">).ge(1));
      if (atomsHere.length > 0) parts.push(z.And(cls.is, z.Or(...atomsHere)));
    }
    const out = parts.length === 0 ? z.Bool.val(false) : z.Or(...parts);
    lawCache.set(k, out);
    return out;
  }

  return {
    z,
    fields,
    atoms,
    counts,
    rateLimited: z.Bool.const("agent:rate_limited"),
    terminated: z.Bool.const("agent:terminated"),
    budgetSpent: z.Bool.const("regex_budget_spent"),
    background,
    approximations,
    condition,
    lawAtLeast,
    field,
  };
}
