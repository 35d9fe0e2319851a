/**
 * Static safety check for policy regexes (`op: matches`). Policies run on every request against text up to
 * 64 KiB, so a pattern with catastrophic backtracking would be a denial of service. We accept a pattern only
 * if it is short and none of these shapes appear:
 *
 * - backreferences (`\1`, `\k<name>`): not regular, can be exponential;
 * - nested repetition: a repeated group containing a repeated atom, e.g. `(a+)+`, `(\w*){2,}`, `(x+)*`;
 * - ambiguous repeated alternation, e.g. `(a|ab)*`, `(\d|x)+`: every branch of a repeated group must start
 *   with a distinct literal character;
 * - adjacent overlapping unbounded repeats, e.g. `\d+\d*`, `.*.*`, `\w+\s?\w+` (only optional atoms between).
 *
 * Overlap is decided by testing each atom against a fixed sample of characters (ASCII plus a few non-ASCII),
 * so `[a-z]+\d+` passes while `\w+\d+` does not. Patterns compile with the `u` flag only (never `g`/`y`,
 * whose lastIndex state would make `test` impure). Residual risk: polynomial backtracking across literals
 * (e.g. `\s+$` on huge whitespace runs) is not excluded; keep `matches` for short fields where possible.
 */

import { parseRegexShape, type Atom } from "./regex-shape.ts";

/** Longest pattern accepted. */
export const MAX_REGEX_LENGTH = 256;

const SAMPLE: readonly string[] = [
  ...Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)),
  "é", "Ω", "中", "\u00a0", "\u2028", "\u{1F600}",
];

/**
 * Why `pattern` is unsafe or invalid, or undefined when it is acceptable.
 *
 * @example
 * regexProblem("^rm\\s+-rf\\b");  // undefined
 * regexProblem("(a+)+$");          // "nested quantifiers ..."
 */
export function regexProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) return `pattern longer than ${MAX_REGEX_LENGTH} characters`;
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    return `invalid regular expression: ${(error as Error).message}`;
  }
  const shape = parseRegexShape(pattern);
  if (shape.backreference) return "backreferences are not allowed";
  return checkBranches(shape.branches);
}

function checkBranches(branches: Atom[][]): string | undefined {
  for (const seq of branches) {
    for (let i = 0; i < seq.length; i++) {
      const atom = seq[i] as Atom;
      if (atom.branches !== undefined) {
        if (atom.max > 1) {
          if (atom.branches.some((b) => b.some(repeats))) return `nested quantifiers in ${atom.src}`;
          if (atom.branches.length > 1 && !distinctLiteralStarts(atom.branches)) {
            return `ambiguous alternation under a quantifier in ${atom.src}`;
          }
        }
        const inner = checkBranches(atom.branches);
        if (inner !== undefined) return inner;
      }
      if (atom.max === Infinity) {
        for (let j = i + 1; j < seq.length; j++) {
          const next = seq[j] as Atom;
          if (next.max === Infinity && overlaps(atom, next)) {
            return `adjacent overlapping repeats ${atom.src} and ${next.src}`;
          }
          if (next.min > 0 && next.kind !== "assertion") break;
        }
      }
    }
  }
  return undefined;
}

function repeats(atom: Atom): boolean {
  if (atom.max > 1) return true;
  return atom.branches?.some((b) => b.some(repeats)) ?? false;
}

function distinctLiteralStarts(branches: Atom[][]): boolean {
  const seen = new Set<string>();
  for (const branch of branches) {
    const first = branch[0];
    if (first === undefined || first.kind !== "char" || first.min < 1 || first.src.startsWith("\\") || first.src === ".") {
      return false;
    }
    if (seen.has(first.src)) return false;
    seen.add(first.src);
  }
  return true;
}

function overlaps(a: Atom, b: Atom): boolean {
  if (a.kind === "group" || b.kind === "group") return true;
  const ra = new RegExp(`^(?:${a.src})$`, "u");
  const rb = new RegExp(`^(?:${b.src})$`, "u");
  return SAMPLE.some((c) => ra.test(c) && rb.test(c));
}

/**
 * Compile a pattern that passed {@link regexProblem}; throws with the problem otherwise.
 *
 * @example
 * compileSafeRegex("^deploy-(?:prod|staging)$").test("deploy-prod"); // true
 */
export function compileSafeRegex(pattern: string): RegExp {
  const problem = regexProblem(pattern);
  if (problem !== undefined) throw new Error(problem);
  return new RegExp(pattern, "u");
}
