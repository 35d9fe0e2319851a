/**
 * Proving that the literals on one field can never all hold (sound: a reported conflict is real; some real
 * conflicts, e.g. between regexes, are not found). Reasoning is over the value's possible kinds (absent,
 * null, boolean, number, string, array, object), the finite set of constants allowed by `eq`/`in`, numeric
 * intervals (integers for agent counters, [0, 1] for `risk`) and string prefixes and substrings. Constants and
 * single points are checked with the real compiled predicates.
 */
import { compileCondition, type Predicate } from "../policy/compile-condition.ts";
import type { Primitive } from "../policy/condition-schema.ts";
import { fieldKind } from "../policy/fields.ts";
import { probeContext } from "./draft.ts";
import { describeLiteral, literalCondition, type FieldLiteral } from "./literal.ts";

type Kind = "absent" | "null" | "boolean" | "number" | "string" | "array" | "object";
const ALL_KINDS: readonly Kind[] = ["absent", "null", "boolean", "number", "string", "array", "object"];
const ACTION_TYPE_FORMAT = /^[a-z][a-z0-9_]*$/;

/** Fields every request has (never absent). */
const ALWAYS_PRESENT = new Set(["action", "action_type", "agent_id", "risk", "agent.requests", "agent.violations", "agent.strikes", "agent.window_requests"]);

/**
 * Whether a literal holds for a field value, using the compiled condition.
 *
 * @example
 * literalHolds(fieldLiteral({ field: "risk", op: "gt", value: 0.5 }, false), 0.7); // true
 */
export function literalHolds(lit: FieldLiteral, value: unknown): boolean {
  return predicateOf(lit)(probeContext(lit.field, value));
}

const compiled = new Map<string, Predicate>();
function predicateOf(lit: FieldLiteral): Predicate {
  const id = `${lit.negated ? "!" : ""}${lit.key}`;
  let p = compiled.get(id);
  if (p === undefined) {
    if (compiled.size > 4096) compiled.clear();
    p = compileCondition(literalCondition(lit));
    compiled.set(id, p);
  }
  return p;
}

function kindOf(v: unknown): Kind {
  if (v === undefined) return "absent";
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v as Kind;
}

function initialKinds(field: string): Set<Kind> {
  const kind = fieldKind(field);
  if (kind === "json") return new Set(ALL_KINDS);
  const kinds = new Set<Kind>([kind]);
  if (!ALWAYS_PRESENT.has(field) && !field.startsWith("agent.decisions.")) kinds.add("absent");
  return kinds;
}

function restrict(kinds: Set<Kind>, allowed: readonly Kind[]): void {
  for (const k of [...kinds]) if (!allowed.includes(k)) kinds.delete(k);
}

/**
 * Why the literals (all on the same field) can never hold together, or undefined when no conflict is proven.
 *
 * @example
 * fieldConflict([lit("action_type eq query"), lit("action_type eq message")]); // "action_type cannot be …"
 */
export function fieldConflict(lits: readonly FieldLiteral[]): string | undefined {
  if (lits.length === 0) return undefined;
  const field = (lits[0] as FieldLiteral).field;
  const all = () => lits.map(describeLiteral).join(" and ");
  const kinds = initialKinds(field);
  let constants: Primitive[] | undefined;
  for (const lit of lits) {
    if (lit.negated) {
      if (lit.op === "exists") restrict(kinds, ["absent", "null"]);
      continue;
    }
    switch (lit.op) {
      case "eq":
      case "in": {
        const values = lit.op === "eq" ? [lit.value as Primitive] : (lit.value as Primitive[]);
        restrict(kinds, values.map(kindOf));
        constants = constants === undefined ? values : constants.filter((c) => values.some((v) => v === c));
        break;
      }
      case "gt":
      case "gte":
      case "lt":
      case "lte":
        restrict(kinds, ["number"]);
        break;
      case "exists":
        restrict(kinds, ["boolean", "number", "string", "array", "object"]);
        break;
      case "contains":
        restrict(kinds, ["string", "array"]);
        break;
      case "starts_with":
      case "matches":
        restrict(kinds, ["string"]);
        break;
    }
  }
  if (kinds.size === 0) return `${field} cannot satisfy ${all()} (no value has the kind all of them need)`;
  if (constants !== undefined) {
    const ok = constants.filter((c) => kinds.has(kindOf(c)) && formatOk(field, c) && lits.every((l) => literalHolds(l, c)));
    return ok.length === 0 ? `${field} cannot satisfy ${all()} (no allowed value passes every test)` : undefined;
  }
  if (kinds.size === 1 && kinds.has("number")) return numberConflict(field, lits, all);
  if (kinds.size === 1 && kinds.has("string")) return stringConflict(field, lits, all);
  return undefined;
}

function formatOk(field: string, value: Primitive): boolean {
  return field !== "action_type" || (typeof value === "string" && value.length <= 64 && ACTION_TYPE_FORMAT.test(value));
}

function numberConflict(field: string, lits: readonly FieldLiteral[], all: () => string): string | undefined {
  let lo = field === "risk" || field.startsWith("agent.") ? 0 : -Infinity;
  let hi = field === "risk" ? 1 : Infinity;
  let loOpen = false;
  let hiOpen = false;
  for (const lit of lits) {
    if (typeof lit.value !== "number") continue;
    const n = lit.value;
    // ¬(x > n) for a number x is x ≤ n, and so on.
    const op = lit.negated ? ({ gt: "lte", gte: "lt", lt: "gte", lte: "gt" } as Record<string, string>)[lit.op] : lit.op;
    if ((op === "gt" || op === "gte") && (n > lo || (n === lo && op === "gt"))) [lo, loOpen] = [n, op === "gt"];
    if ((op === "lt" || op === "lte") && (n < hi || (n === hi && op === "lt"))) [hi, hiOpen] = [n, op === "lt"];
  }
  if (field.startsWith("agent.")) {
    lo = loOpen ? Math.floor(lo) + 1 : Math.ceil(lo);
    hi = hiOpen ? Math.ceil(hi) - 1 : Math.floor(hi);
    loOpen = hiOpen = false;
    if (hi >= lo && hi - lo <= 64) {
      for (let x = lo; x <= hi; x++) if (lits.every((l) => literalHolds(l, x))) return undefined;
      return `${field} cannot satisfy ${all()} (no whole number passes every test)`;
    }
  }
  if (lo > hi || (lo === hi && (loOpen || hiOpen))) return `${field} cannot satisfy ${all()} (the range is empty)`;
  if (lo === hi && !lits.every((l) => literalHolds(l, lo))) return `${field} cannot satisfy ${all()} (its only possible value ${lo} is excluded)`;
  return undefined;
}

function stringConflict(field: string, lits: readonly FieldLiteral[], all: () => string): string | undefined {
  const pos = (op: string) => lits.filter((l) => !l.negated && l.op === op).map((l) => l.value as string);
  const neg = (op: string) => lits.filter((l) => l.negated && l.op === op).map((l) => l.value as string);
  const prefixes = pos("starts_with").sort((a, b) => b.length - a.length);
  const longest = prefixes[0] ?? "";
  if (prefixes.some((p) => !longest.startsWith(p))) return `${field} cannot satisfy ${all()} (it cannot start with both prefixes)`;
  if (neg("starts_with").some((p) => longest.startsWith(p))) return `${field} cannot satisfy ${all()} (a required prefix is also excluded)`;
  const present = [longest, ...pos("contains")];
  if (neg("contains").some((n) => present.some((s) => s.includes(n)))) return `${field} cannot satisfy ${all()} (a required text is also excluded)`;
  if (field === "action_type") {
    if (longest !== "" && !ACTION_TYPE_FORMAT.test(longest)) return `action_type cannot start with ${JSON.stringify(longest)} (action types are lower-case identifiers)`;
    const bad = pos("contains").find((s) => !/^[a-z0-9_]*$/.test(s));
    if (bad !== undefined) return `action_type cannot contain ${JSON.stringify(bad)} (action types are lower-case identifiers)`;
  }
  return undefined;
}
