/**
 * Schema errors as analysis findings: every issue validatePolicyDocument reports, minus those a more specific
 * reference check already explains at the same path. Each names the rule its path is in.
 */
import { PolicyError } from "../policy/errors.ts";
import { validatePolicyDocument } from "../policy/parse.ts";
import type { PolicyDocument } from "../policy/schema.ts";
import { finding, type AnalysisFinding } from "./report.ts";

/** Validation outcome: the typed document, or the schema findings. */
export type SchemaCheck = { document: PolicyDocument; findings: [] } | { document: undefined; findings: AnalysisFinding[] };

/**
 * Validate a raw document; `covered` are paths already reported by reference checks.
 *
 * @example
 * schemaFindings({ version: 2 }, new Set()).findings[0].code; // "schema"
 */
export function schemaFindings(raw: unknown, covered: ReadonlySet<string>): SchemaCheck {
  try {
    return { document: validatePolicyDocument(raw), findings: [] };
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    const findings = error.issues
      .filter((issue) => !covered.has(issue.path))
      .map((issue) => finding("schema", issue.message, ruleIdsAt(raw, issue.path), issue.path));
    return { document: undefined, findings };
  }
}

function ruleIdsAt(raw: unknown, path: string): string[] {
  const m = /^rules\[(\d+)\]/.exec(path);
  if (m === null) return [];
  const rules = (raw as { rules?: unknown } | null)?.rules;
  const id = Array.isArray(rules) ? (rules[Number(m[1])] as { id?: unknown } | null)?.id : undefined;
  return typeof id === "string" ? [id] : [];
}
