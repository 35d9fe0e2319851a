/**
 * Reading policies: `parsePolicy` (JSON or YAML text) and `validatePolicyDocument` (an already-parsed
 * value). Both throw a PolicyError listing every problem with its path.
 */
import { parse as parseYaml, YAMLParseError } from "yaml";
import { firstTooDeep } from "../util/json-depth.ts";
import { PolicyError, formatPath, type PolicyIssue } from "./errors.ts";
import { PolicyDocumentSchema, type PolicyDocument } from "./schema.ts";

/** Largest policy text accepted (characters). */
export const MAX_POLICY_CHARS = 16 * 1024 * 1024;
/** Deepest nesting accepted anywhere in a policy document (objects and arrays). */
export const MAX_POLICY_DEPTH = 64;

/**
 * Validate a parsed value as a PolicyDocument.
 *
 * @example
 * const doc = validatePolicyDocument({ version: 1, name: "p", default: { decision: "ALLOW" }, rules: [] });
 */
export function validatePolicyDocument(value: unknown): PolicyDocument {
  const deepAt = firstTooDeep(value, MAX_POLICY_DEPTH);
  if (deepAt !== undefined) throw new PolicyError([{ path: formatPath(deepAt), message: `nested deeper than ${MAX_POLICY_DEPTH} levels` }]);
  const result = PolicyDocumentSchema.safeParse(value);
  if (result.success) return result.data;
  const issues: PolicyIssue[] = result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  // zod skips document-level refinements when parts are invalid; report duplicate ids anyway.
  for (const dup of duplicateIds(value)) if (!issues.some((i) => i.path === dup.path)) issues.push(dup);
  throw new PolicyError(issues);
}

function duplicateIds(value: unknown): PolicyIssue[] {
  const rules = (value as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return [];
  const seen = new Map<string, number>();
  const issues: PolicyIssue[] = [];
  rules.forEach((rule: unknown, i) => {
    const id = (rule as { id?: unknown } | null)?.id;
    if (typeof id !== "string") return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else issues.push({ path: `rules[${i}].id`, message: `duplicate rule id ${id} (first at rules[${first}])` });
  });
  return issues;
}

/**
 * Parse policy text (JSON or YAML) into a plain value without validating it (static analysis needs the
 * value of an invalid document too). `format` defaults to JSON when the text starts with `{`, else YAML.
 * Throws a PolicyError for text that is not JSON/YAML or too long.
 *
 * @example
 * parsePolicyValue("version: 1\nname: p\n"); // { version: 1, name: "p" }
 */
export function parsePolicyValue(text: string, format?: "json" | "yaml"): unknown {
  if (typeof text !== "string") throw new PolicyError([{ path: "", message: "policy text must be a string" }]);
  if (text.length > MAX_POLICY_CHARS) {
    throw new PolicyError([{ path: "", message: `policy text longer than ${MAX_POLICY_CHARS} characters` }]);
  }
  const fmt = format ?? (text.trimStart().startsWith("{") ? "json" : "yaml");
  if (fmt === "json") {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new PolicyError([{ path: "", message: `invalid JSON: ${(error as Error).message}` }]);
    }
  }
  try {
    return parseYaml(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message.split("\n")[0] : (error as Error).message;
    throw new PolicyError([{ path: "", message: `invalid YAML: ${message}` }]);
  }
}

/**
 * Parse policy text. `format` defaults to JSON when the text starts with `{`, else YAML.
 *
 * @example
 * const doc = parsePolicy("version: 1\nname: p\ndefault: { decision: ALLOW }\nrules: []\n");
 * doc.name; // "p"
 */
export function parsePolicy(text: string, format?: "json" | "yaml"): PolicyDocument {
  return validatePolicyDocument(parsePolicyValue(text, format));
}
