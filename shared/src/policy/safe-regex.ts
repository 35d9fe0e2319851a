/**
 * Policy regexes (`op: matches`) run on every request, on text a caller chooses, and are written by tenants:
 * a pattern that backtracks catastrophically would freeze the isolate for every tenant (a synchronous loop
 * cannot be interrupted). So tenant patterns never run on a backtracking engine: they compile with RE2JS,
 * the JavaScript port of RE2, whose matching time is linear in the length of the text for every pattern it
 * accepts. RE2 syntax refuses what cannot be matched in linear time (backreferences, lookaround), and those
 * are refused at publish with a reason that names the construct, never the pattern.
 *
 * Differences from JavaScript `RegExp` a policy author may meet: `\s`, `\w`, `\d` and `\b` are ASCII-only,
 * and there are no lookarounds or backreferences. `(?i)` turns on case-insensitive matching. The text a
 * pattern sees is at most {@link MAX_REGEX_INPUT_CHARS} characters (the start of the field).
 */
import { RE2JS } from "re2js";
import { requiredLiteral } from "./regex-literal.ts";

/** Longest pattern accepted. */
export const MAX_REGEX_LENGTH = 256;

/**
 * Most characters of a field a pattern is matched against (its start): with linear-time matching this
 * bounds the work of one `matches` condition. Larger than any field the request schema accepts today.
 */
export const MAX_REGEX_INPUT_CHARS = 256 * 1024;

/** A compiled tenant pattern: linear-time, stateless (no `lastIndex`). */
export interface SafeRegex {
  /** Whether the pattern matches anywhere in `text` (its first {@link MAX_REGEX_INPUT_CHARS} characters). */
  test(text: string): boolean;
}

/**
 * Why `pattern` cannot be a policy regex, or undefined when it can. The reason names the construct or
 * limit, never the pattern's text.
 *
 * @example
 * regexProblem("^rm\\s+-rf\\b");  // undefined
 * regexProblem("(a)\\1");          // "not a linear-time regular expression: invalid escape sequence"
 */
export function regexProblem(pattern: string): string | undefined {
  return compileChecked(pattern).problem;
}

/** Compile once: the problem, or the compiled pattern (callers that compile do not compile twice). */
function compileChecked(pattern: string): { re: RE2JS; problem?: undefined } | { re?: undefined; problem: string } {
  if (pattern.length > MAX_REGEX_LENGTH) return { problem: `pattern longer than ${MAX_REGEX_LENGTH} characters` };
  try {
    return { re: RE2JS.compile(pattern) };
  } catch (error) {
    const kind = (error as { error?: unknown }).error;
    return { problem: `not a linear-time regular expression: ${typeof kind === "string" ? kind : "invalid syntax"}` };
  }
}

/**
 * A pattern that passed {@link regexProblem} (a validated policy's), compiled on its first use: a policy
 * loads without compiling the patterns of rules no request has reached yet (on a device restarting with a
 * 1,000-rule bundle, compiling them all was a fifth of the start). A text without the literal every match
 * must contain (regex-literal.ts: `ticket-` of `ticket-[0-9]+`) is answered false without compiling or
 * running the pattern. Throws at once for a pattern over the length limit, and with the problem on first
 * use (on a text holding that literal) for one that is not linear-time.
 *
 * @example
 * compileSafeRegex("^deploy-(?:prod|staging)$").test("deploy-prod"); // true
 * compileSafeRegex(".*a.*a.*a.*b").test("a".repeat(100_000));       // false, in linear time
 */
export function compileSafeRegex(pattern: string): SafeRegex {
  if (pattern.length > MAX_REGEX_LENGTH) throw new Error(`pattern longer than ${MAX_REGEX_LENGTH} characters`);
  let re: RE2JS | undefined;
  const compiled = (): RE2JS => {
    if (re !== undefined) return re;
    const checked = compileChecked(pattern);
    if (checked.re === undefined) throw new Error(checked.problem);
    return (re = checked.re);
  };
  const literal = requiredLiteral(pattern);
  return {
    test: (text) => {
      const seen = text.length > MAX_REGEX_INPUT_CHARS ? text.slice(0, MAX_REGEX_INPUT_CHARS) : text;
      return (literal === "" || seen.includes(literal)) && compiled().test(seen);
    },
  };
}
