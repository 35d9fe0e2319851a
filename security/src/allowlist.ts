/**
 * What every reviewed allowlist entry (audit, licences, secrets) must carry, and the expiry rule: an entry
 * says why the finding is accepted, who reviewed it and when, and until when. An entry past its expiry date
 * fails the step that reads it, so an acceptance is looked at again instead of living for ever.
 */
import { readFileSync } from "node:fs";

/** The review fields of every allowlist entry. */
export interface Review {
  /** Why this finding is accepted (what makes it harmless here, or what compensates). */
  reason: string;
  /** Who reviewed it. */
  reviewed_by: string;
  /** When it was reviewed, YYYY-MM-DD. */
  reviewed_on: string;
  /** The last day it is accepted, YYYY-MM-DD; the day after, the step fails until it is reviewed again. */
  expires: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Today as YYYY-MM-DD in UTC (what `expires` is compared with).
 *
 * @example
 * today(new Date("2026-12-07T23:59:00Z")); // "2026-12-07"
 */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Problems with the review fields of one entry (empty when it is complete and not expired).
 *
 * @example
 * reviewProblems({ reason: "x", reviewed_by: "a", reviewed_on: "2026-01-01", expires: "2026-02-01" }, "2026-03-01");
 * // ["expired on 2026-02-01"]
 */
export function reviewProblems(entry: Partial<Review>, day: string): string[] {
  const problems: string[] = [];
  for (const key of ["reason", "reviewed_by"] as const) {
    if (typeof entry[key] !== "string" || entry[key].trim() === "") problems.push(`missing ${key}`);
  }
  for (const key of ["reviewed_on", "expires"] as const) {
    if (typeof entry[key] !== "string" || !DATE.test(entry[key])) problems.push(`${key} must be YYYY-MM-DD`);
  }
  if (problems.length === 0 && (entry.expires as string) < day) problems.push(`expired on ${entry.expires}`);
  return problems;
}

/**
 * An allowlist file: `{ "entries": [...] }` (a missing file is an empty list).
 *
 * @example
 * const entries = readAllowlist<AuditAllow>("security/allowlists/audit.json"); // [] when the file is missing
 */
export function readAllowlist<T>(file: string): T[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const parsed = JSON.parse(text) as { entries?: unknown };
  if (!Array.isArray(parsed.entries)) throw new Error(`${file}: expected { "entries": [...] }`);
  return parsed.entries as T[];
}
