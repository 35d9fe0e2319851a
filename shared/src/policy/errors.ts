/**
 * PolicyError: every way a policy can be invalid, each issue with the path where it is (`rules[3].when.op`),
 * so an author can fix all of them in one pass.
 */

/** One problem in a policy document or bundle. */
export interface PolicyIssue {
  /** Where, e.g. `rules[3].when.all[1].op`; empty for the document itself. */
  path: string;
  message: string;
}

/**
 * Thrown by parsePolicy and compilePolicy. `issues` lists every problem found.
 *
 * @example
 * try { parsePolicy("version: 2"); } catch (e) { if (e instanceof PolicyError) e.issues[0].path; } // "version"
 */
export class PolicyError extends Error {
  readonly issues: readonly PolicyIssue[];
  constructor(issues: readonly PolicyIssue[], heading = "Invalid policy") {
    const lines = issues.map((i) => `  ${i.path === "" ? "(document)" : i.path}: ${i.message}`);
    super(`${heading}:\n${lines.join("\n")}`);
    this.name = "PolicyError";
    this.issues = issues;
  }
}

/**
 * Format a zod-style path (`["rules", 3, "when"]`) as `rules[3].when`.
 *
 * @example
 * formatPath(["rules", 3, "when", "all", 0]); // "rules[3].when.all[0]"
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}
