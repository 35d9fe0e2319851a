/**
 * Reference checks on the raw document (they work even when the schema does not validate, so an author sees
 * every problem at once): unknown fields, finding types and subtypes, unsafe or invalid regexes, and
 * comparisons of `action_type` with values outside the known action types (a warning: custom types exist,
 * but `code_exec` for `code_execution` is a typo that silently never matches).
 */
import { ACTION_TYPES } from "../schemas/action.ts";
import { fieldProblem } from "../policy/fields.ts";
import { regexProblem } from "../policy/safe-regex.ts";
import { FINDING_SELECTORS, KNOWN_SUBTYPES, isKnownSubtype, type FindingSelector } from "../policy/vocabulary.ts";
import { finding, type AnalysisFinding } from "./report.ts";

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);
const KNOWN_ACTION_TYPES: readonly string[] = ACTION_TYPES;
/** Deepest condition nesting walked (the schema allows 64 levels of JSON nesting). */
const MAX_WALK_DEPTH = 64;

/**
 * Reference findings for a raw (possibly invalid) policy document, in document order.
 *
 * @example
 * referenceFindings({ rules: [{ id: "r", when: { field: "contxt.env", op: "eq", value: "x" } }] })[0].code; // "unknown-field"
 */
export function referenceFindings(document: unknown): AnalysisFinding[] {
  const out: AnalysisFinding[] = [];
  if (!isObject(document)) return out;
  if (isObject(document.default)) checkObligations(document.default.obligations, "default.obligations", [], out);
  if (!Array.isArray(document.rules)) return out;
  document.rules.forEach((rule: unknown, i) => {
    if (!isObject(rule)) return;
    const ids = typeof rule.id === "string" ? [rule.id] : [];
    walkCondition(rule.when, `rules[${i}].when`, ids, out, 0);
    if (isObject(rule.then)) checkObligations(rule.then.obligations, `rules[${i}].then.obligations`, ids, out);
  });
  return out;
}

function walkCondition(cond: unknown, path: string, rules: string[], out: AnalysisFinding[], depth: number): void {
  if (!isObject(cond) || depth > MAX_WALK_DEPTH) return;
  if (typeof cond.field === "string") return checkField(cond, path, rules, out);
  if (isObject(cond.finding)) return checkFinding(cond.finding, `${path}.finding`, rules, out);
  for (const key of ["all", "any"] as const) {
    const list = cond[key];
    if (Array.isArray(list)) list.forEach((c: unknown, j) => walkCondition(c, `${path}.${key}[${j}]`, rules, out, depth + 1));
  }
  if ("not" in cond) walkCondition(cond.not, `${path}.not`, rules, out, depth + 1);
}

function checkField(leaf: Raw, path: string, rules: string[], out: AnalysisFinding[]): void {
  const field = leaf.field as string;
  const problem = fieldProblem(field);
  if (problem !== undefined) {
    out.push(finding("unknown-field", problem, rules, `${path}.field`));
    return;
  }
  if (leaf.op === "matches" && typeof leaf.value === "string") {
    const regex = regexProblem(leaf.value);
    if (regex !== undefined) out.push(finding("unsafe-regex", `regex rejected: ${regex}`, rules, `${path}.value`));
  }
  if (field === "action_type" && (leaf.op === "eq" || leaf.op === "in" || leaf.op === "neq" || leaf.op === "nin")) {
    const values = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
    for (const v of values) {
      if (typeof v === "string" && !KNOWN_ACTION_TYPES.includes(v)) {
        out.push(
          finding(
            "unknown-action-type",
            `this action_type is not a known action type (${KNOWN_ACTION_TYPES.join(", ")}); fine for a custom type, a typo otherwise`,
            rules,
            `${path}.value`,
          ),
        );
      }
    }
  }
}

function checkFinding(spec: Raw, path: string, rules: string[], out: AnalysisFinding[]): void {
  const type = spec.type;
  if (typeof type !== "string" || !(FINDING_SELECTORS as readonly string[]).includes(type)) {
    out.push(finding("unknown-finding-type", unknownTypeMessage(type), rules, `${path}.type`));
    return;
  }
  if (typeof spec.subtype === "string" && !isKnownSubtype(type as FindingSelector, spec.subtype)) {
    const known = (KNOWN_SUBTYPES as Record<string, readonly string[] | undefined>)[type];
    const message =
      known === undefined
        ? `${type} findings have no subtypes`
        : `no detector reports this subtype for ${type} (known: ${known.join(", ")})`;
    out.push(finding("unknown-subtype", message, rules, `${path}.subtype`));
  }
}

function checkObligations(obligations: unknown, path: string, rules: string[], out: AnalysisFinding[]): void {
  if (!Array.isArray(obligations)) return;
  obligations.forEach((o: unknown, i) => {
    if (!isObject(o) || o.type !== "redact" || !Array.isArray(o.findings)) return;
    o.findings.forEach((type: unknown, j) => {
      if (typeof type !== "string" || !(FINDING_SELECTORS as readonly string[]).includes(type)) {
        out.push(finding("unknown-finding-type", unknownTypeMessage(type), rules, `${path}[${i}].findings[${j}]`));
      }
    });
  });
}

function unknownTypeMessage(type: unknown): string {
  return `no detector reports this finding type (known: ${FINDING_SELECTORS.join(", ")})`;
}

