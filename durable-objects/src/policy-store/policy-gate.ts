/**
 * The publish gate: which problems keep a policy version in quarantine. Static analysis (shadowed,
 * unreachable, contradictory rules, unsafe regexes, unknown references) is built in shared/src/analysis/
 * by another area; until `analyzePolicy` is exported from @nethical/core this gate runs schema validation
 * (`validatePolicyDocument`), which already refuses unsafe regexes. SEAM: replace the body of
 * {@link publishGateErrors} with the error-level findings of `analyzePolicy(document)`.
 */
import { PolicyError, validatePolicyDocument } from "../../../shared/src/index.ts";

/** One problem that blocks publishing. */
export interface GateError {
  path: string;
  message: string;
}

/**
 * The errors that keep `policy` in quarantine (empty when it may be published).
 *
 * @example
 * publishGateErrors({ version: 1, name: "p", default: { decision: "ALLOW" }, rules: [] }); // []
 */
export function publishGateErrors(policy: unknown): GateError[] {
  try {
    validatePolicyDocument(policy);
    return [];
  } catch (error) {
    if (error instanceof PolicyError) return error.issues.slice(0, 50).map((i) => ({ path: i.path, message: i.message }));
    return [{ path: "", message: "the policy could not be checked" }];
  }
}
