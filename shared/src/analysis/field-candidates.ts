/**
 * Candidate values for one field in an example, built from the constants, bounds, prefixes, substrings and
 * regexes its literals mention, then the first one that passes every literal (real compiled semantics).
 */
import { ACTION_TYPES } from "../schemas/action.ts";
import { fieldKind } from "../policy/fields.ts";
import { literalHolds } from "./field-conflict.ts";
import type { FieldLiteral } from "./literal.ts";
import { regexWitness } from "./regex-witness.ts";

const REQUIRED_STRINGS = new Set(["action", "action_type", "agent_id"]);

/**
 * A value for `field` that satisfies all `lits` (all on that field): `{ value }` (a value of `undefined`
 * means "leave it absent"), or undefined when no candidate works.
 *
 * @example
 * chooseValue("context.env", [fieldLiteral({ field: "context.env", op: "neq", value: "prod" }, false)]); // { value: undefined }
 */
export function chooseValue(field: string, lits: readonly FieldLiteral[]): { value: unknown } | undefined {
  for (const v of candidates(field, lits)) {
    if (!fits(field, v)) continue;
    if (lits.every((l) => literalHolds(l, v))) return { value: v };
  }
  return undefined;
}

function fits(field: string, v: unknown): boolean {
  const kind = fieldKind(field);
  if (field === "action_type") return typeof v === "string" && /^[a-z][a-z0-9_]{0,63}$/.test(v);
  if (REQUIRED_STRINGS.has(field)) return typeof v === "string";
  if (field.startsWith("agent.")) return typeof v === "number" && Number.isInteger(v) && v >= 0;
  if (kind === "string") return v === undefined || typeof v === "string";
  if (kind === "number") return typeof v === "number";
  return true;
}

function candidates(field: string, lits: readonly FieldLiteral[]): unknown[] {
  const out: unknown[] = [];
  const numbers: number[] = [];
  const needles: string[] = [];
  let prefix = "";
  const regexes: string[] = [];
  for (const l of lits) {
    const values = Array.isArray(l.value) ? l.value : [l.value];
    for (const v of values) if (typeof v === "number") numbers.push(v);
    if (l.negated) continue;
    if (l.op === "eq" || l.op === "in") out.push(...values);
    if (l.op === "contains") needles.push(l.value as string);
    if (l.op === "starts_with" && (l.value as string).length > prefix.length) prefix = l.value as string;
    if (l.op === "matches") regexes.push(l.value as string);
  }
  const joined = needles.join(" ");
  const built = [prefix + joined, `${prefix}${joined} example`, prefix + [...needles].reverse().join(" "), `${prefix}example ${joined}`];
  for (const r of regexes) {
    const w = regexWitness(r);
    built.push(w, w + joined, prefix + w);
  }
  out.push(...built.filter((s) => s !== ""));
  if (needles.length > 0) out.push(needles);
  for (const n of numbers) out.push(n, n + 1, n - 1, n + 0.5, n - 0.5, n + 0.001, n - 0.001);
  out.push(0, 1, 5, 100);
  if (field === "action_type") out.push(...ACTION_TYPES, "custom_action");
  out.push("example", "x", true, false, {}, null, undefined);
  return out;
}
