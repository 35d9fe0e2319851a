/**
 * Turn zod issues into one readable line, naming paths and never quoting input values.
 */

/** The parts of a zod issue this formatter reads. */
export interface IssueLike {
  path: PropertyKey[];
  message: string;
}

/**
 * Format validation issues as `path: message; path: message`.
 *
 * @example
 * formatIssues([{ path: ["tool", "name"], message: "Required" }]); // "tool.name: Required"
 */
export function formatIssues(issues: readonly IssueLike[]): string {
  return issues
    .map((issue) => `${issue.path.length === 0 ? "(root)" : issue.path.map(String).join(".")}: ${issue.message}`)
    .join("; ");
}
