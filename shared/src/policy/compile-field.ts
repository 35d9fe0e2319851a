/**
 * Field leaves (`{ field, op, value }`) → predicates. The getter, `in` Sets and regexes are built once here;
 * the returned closure only reads the context. Comparisons are strict (no type coercion): a number field
 * never equals a string. `gt`/`gte`/`lt`/`lte` compare numbers and plain decimal strings (`"12500"`,
 * `"-3.75"`: payment APIs often send amounts as strings); anything else (`"12,500"`, `"1e4"`, `"abc"`, a
 * boolean) is not a number and the comparison is false.
 */
import type { FieldCondition, Primitive } from "./condition-schema.ts";
import type { Predicate } from "./context.ts";
import { compileFieldGetter } from "./fields.ts";
import { compileSafeRegex, MAX_REGEX_INPUT_CHARS } from "./safe-regex.ts";

/**
 * Compile a validated `{ field, op, value }` leaf. Missing values never satisfy a positive test (eq, in, gt,
 * contains…); `neq`/`nin` are plain negations, so a missing value satisfies them.
 *
 * @example
 * compileField({ field: "context.env", op: "neq", value: "staging" })(ctx); // true when env is absent
 */
export function compileField(leaf: FieldCondition): Predicate {
  const get = compileFieldGetter(leaf.field);
  const value = leaf.value;
  switch (leaf.op) {
    case "eq":
      return (c) => get(c) === value;
    case "neq":
      return (c) => get(c) !== value;
    case "in":
    case "nin": {
      const set = new Set<unknown>(value as Primitive[]);
      return leaf.op === "in" ? (c) => set.has(get(c)) : (c) => !set.has(get(c));
    }
    case "gt": {
      const n = value as number;
      return (c) => {
        const x = numeric(get(c));
        return x !== undefined && x > n;
      };
    }
    case "gte": {
      const n = value as number;
      return (c) => {
        const x = numeric(get(c));
        return x !== undefined && x >= n;
      };
    }
    case "lt": {
      const n = value as number;
      return (c) => {
        const x = numeric(get(c));
        return x !== undefined && x < n;
      };
    }
    case "lte": {
      const n = value as number;
      return (c) => {
        const x = numeric(get(c));
        return x !== undefined && x <= n;
      };
    }
    case "exists": {
      const want = value !== false;
      return (c) => {
        const x = get(c);
        return (x !== undefined && x !== null) === want;
      };
    }
    case "contains": {
      const needle = value as string;
      return (c) => {
        const x = get(c);
        if (typeof x === "string") return x.includes(needle);
        return Array.isArray(x) && x.includes(needle);
      };
    }
    case "starts_with": {
      const prefix = value as string;
      return (c) => {
        const x = get(c);
        return typeof x === "string" && x.startsWith(prefix);
      };
    }
    case "matches": {
      const re = compileSafeRegex(value as string);
      return (c) => {
        const x = get(c);
        if (typeof x !== "string") return false;
        c.budget.spendRegex(Math.min(x.length, MAX_REGEX_INPUT_CHARS));
        return re.test(x);
      };
    }
  }
}

const DECIMAL = /^-?\d{1,15}(?:\.\d{1,15})?$/;

/**
 * A value as a number for the ordering operators: numbers as they are, plain decimal strings (at most 15
 * digits either side of the point, no sign but `-`, no exponent, no separators) parsed; otherwise undefined.
 *
 * @example
 * numeric(12500);     // 12500
 * numeric("12500.5"); // 12500.5
 * numeric("12,500");  // undefined
 */
export function numeric(x: unknown): number | undefined {
  if (typeof x === "number") return x;
  if (typeof x === "string" && x.length <= 32 && DECIMAL.test(x)) return Number(x);
  return undefined;
}
