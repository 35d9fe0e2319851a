/**
 * The static analysis a policy gets over the API: the same findings `nethical lint` prints (schema errors,
 * unknown references, regexes without a linear-time match, unreachable, contradictory and shadowed rules),
 * as code, severity, path and rule ids, with messages that never quote the policy's values and without the
 * generated example requests (which are built from those values).
 */
import { analyzePolicy, type AnalysisReport } from "@nethical/core";
import { ProblemError } from "@nethical/http";

/** One finding as the API returns it. */
export interface PolicyFinding {
  severity: "error" | "warning" | "info";
  code: string;
  path: string;
  message: string;
  rules: string[];
}

const MAX_FINDINGS = 100;
const RULE_ID = /^[a-z0-9_.-]{1,128}$/;

/**
 * The report's findings for an API answer (at most 100; rule ids only when they are valid ids).
 *
 * @example
 * policyFindings(analyzePolicy(document)); // [{ severity: "warning", code: "shadowed", path: "rules[2]", … }]
 */
export function policyFindings(report: AnalysisReport): PolicyFinding[] {
  return report.findings.slice(0, MAX_FINDINGS).map((f) => ({
    severity: f.severity as PolicyFinding["severity"],
    code: f.code,
    path: f.path === "" ? "(root)" : f.path,
    message: f.message,
    rules: f.rules.filter((id) => RULE_ID.test(id)),
  }));
}

/**
 * Throw the 422 `invalid-policy` problem when the analysis finds an error (every finding listed, warnings
 * too); return the findings otherwise.
 *
 * @example
 * const findings = requireNoAnalysisErrors(document); // warnings only, or []
 */
export function requireNoAnalysisErrors(document: unknown, format?: "json" | "yaml"): PolicyFinding[] {
  const report = analyzePolicy(document, format === undefined ? {} : { format });
  const findings = policyFindings(report);
  if (!report.ok) {
    const errors = findings.filter((f) => f.severity === "error").length;
    throw new ProblemError("invalid-policy", `the policy has ${errors} error${errors === 1 ? "" : "s"} (static analysis; the same findings as nethical lint)`, {
      errors: findings.map((f) => ({ path: f.path, message: f.message })),
      findings,
    });
  }
  return findings;
}
