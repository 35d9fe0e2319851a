/**
 * Canonical formatting of policy text (`nethical fmt`): keys in a fixed order, YAML stays YAML (comments
 * kept, via the yaml Document API), JSON stays JSON (2-space indent). Formatting twice changes nothing.
 *
 * Key order (one global list; no policy object has two keys whose order matters differently):
 * version, name, id, description, default, limits, rate_limit, capacity, refill_per_s, priority, law,
 * severity, when, then, rules, decision, obligations, field, op, value, finding, risk, all, any, not, type,
 * subtype, findings, min_score, min_count, gte, gt, lte, lt, limit, window_s, profile, reason; unknown keys
 * after, alphabetically.
 */
import { isMap, isScalar, parseDocument, visit } from "yaml";
import { PolicyError } from "../policy/errors.ts";
import { MAX_POLICY_CHARS } from "../policy/parse.ts";

/** The canonical key order. */
export const KEY_ORDER: readonly string[] = Object.freeze([
  "version", "name", "id", "description", "default", "limits", "rate_limit", "capacity", "refill_per_s",
  "priority", "law", "severity", "when", "then", "rules", "decision", "obligations", "field", "op", "value",
  "finding", "risk", "all", "any", "not", "type", "subtype", "findings", "min_score", "min_count", "gte", "gt",
  "lte", "lt", "limit", "window_s", "profile", "reason",
]);
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));

/**
 * Compare two keys in canonical order.
 *
 * @example
 * ["then", "id", "when"].sort(compareKeys); // ["id", "when", "then"]
 */
export function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a) ?? KEY_ORDER.length;
  const rb = RANK.get(b) ?? KEY_ORDER.length;
  return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Guess a policy file's format from its name, else from its text.
 *
 * @example
 * policyFormat("acme.json", ""); // "json"
 * policyFormat("-", "version: 1"); // "yaml"
 */
export function policyFormat(file: string, text: string): "json" | "yaml" {
  if (/\.json$/i.test(file)) return "json";
  if (/\.ya?ml$/i.test(file)) return "yaml";
  return text.trimStart().startsWith("{") ? "json" : "yaml";
}

/**
 * The canonical text of a policy file. Throws a PolicyError when the text is not valid JSON/YAML.
 *
 * @example
 * formatPolicyText('{"rules":[],"version":1}', "json"); // '{\n  "version": 1,\n  "rules": []\n}\n'
 */
export function formatPolicyText(text: string, format: "json" | "yaml"): string {
  if (text.length > MAX_POLICY_CHARS) throw new PolicyError([{ path: "", message: `policy text longer than ${MAX_POLICY_CHARS} characters` }]);
  return format === "json" ? formatJson(text) : formatYaml(text);
}

function formatJson(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PolicyError([{ path: "", message: `invalid JSON: ${(error as Error).message}` }]);
  }
  return `${JSON.stringify(ordered(value, 0), null, 2)}\n`;
}

function ordered(value: unknown, depth: number): unknown {
  if (depth > 256) throw new PolicyError([{ path: "", message: "nested too deeply to format" }]);
  if (Array.isArray(value)) return value.map((v) => ordered(v, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareKeys)) out[key] = ordered((value as Record<string, unknown>)[key], depth + 1);
  return out;
}

function formatYaml(text: string): string {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const problem = doc.errors[0];
  if (problem !== undefined) throw new PolicyError([{ path: "", message: `invalid YAML: ${problem.message.split("\n")[0]}` }]);
  visit(doc, {
    Map(_, map) {
      map.items.sort((a, b) => compareKeys(keyOf(a.key), keyOf(b.key)));
    },
  });
  return doc.toString({ lineWidth: 0 });
}

function keyOf(node: unknown): string {
  return isScalar(node) ? String(node.value) : isMap(node) ? "" : String(node);
}
