/**
 * The publish gate: which problems keep a policy version in quarantine. It is the static analysis of
 * @nethical/core (`analyzePolicy`: schema errors, unknown references, unsafe regexes, unreachable and
 * contradictory rules); warnings such as shadowed rules do not block publishing.
 */
import { analyzePolicy } from "@nethical/core";

/** One problem that blocks publishing. */
export interface GateError {
  path: string;
  message: string;
  /** Analysis code, e.g. "unreachable", "unsafe-regex". */
  code?: string;
  /** Rule ids the problem names. */
  rules?: string[];
}

/**
 * The errors that keep `policy` in quarantine (empty when it may be published).
 *
 * @example
 * publishGateErrors({ version: 1, name: "p", default: { decision: "ALLOW" }, rules: [] }); // []
 */
export function publishGateErrors(policy: unknown): GateError[] {
  const report = analyzePolicy(policy);
  if (report.ok) return [];
  return report.findings
    .filter((f) => f.severity === "error")
    .slice(0, 50)
    .map((f) => ({ path: f.path, message: f.message, code: f.code, rules: [...f.rules] }));
}
