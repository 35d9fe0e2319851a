/**
 * The literal text every match of a policy regex (RE2 syntax) must contain, read from the pattern's start:
 * a text without it cannot match, so the pattern need not be compiled or run for it (safe-regex.ts). Only
 * what is certain is returned: the leading run of plain ASCII characters, after any `^`, minus its last
 * character unless what follows cannot make it optional, and nothing at all when the pattern has a top-level alternation (`a|b`:
 * neither side is required). Anything else (classes, escapes, groups, flags such as `(?i)`) ends the run.
 */

/** Characters with a meaning in RE2 syntax: they end a literal run. */
const META = new Set(["\\", ".", "+", "*", "?", "(", ")", "|", "[", "]", "{", "}", "^", "$"]);

/**
 * The literal every match of `pattern` contains ("" when none is certain).
 *
 * @example
 * requiredLiteral("ticket-12[0-9]{3}");       // "ticket-12"
 * requiredLiteral("^deploy-(?:prod|staging)"); // "deploy" (a group follows: its last character is not kept)
 * requiredLiteral("colou?r");                 // "colo"
 * requiredLiteral("cat|dog");                 // ""
 */
export function requiredLiteral(pattern: string): string {
  if (hasTopLevelAlternation(pattern)) return "";
  let start = 0;
  while (pattern[start] === "^") start++;
  let end = start;
  while (end < pattern.length && isPlain(pattern.charCodeAt(end)) && !META.has(pattern[end] as string)) end++;
  // The run's last character is certain only before the end, `$`, `+`, or a new atom (class, escape, `.`):
  // before `?`, `*` or `{0,2}` it may be absent, and a flag group (`a(?i)*`) passes the quantifier on to it.
  const next = pattern[end];
  const lastCertain = next === undefined || next === "$" || next === "+" || next === "[" || next === "\\" || next === ".";
  return end === start ? "" : pattern.slice(start, lastCertain ? end : end - 1);
}

/** Printable ASCII: one UTF-16 unit per character, so a run can be cut anywhere. */
function isPlain(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/** Whether `|` occurs outside every group and class (escapes skipped). */
function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "[") i = classEnd(pattern, i);
    else if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}

/** Index of the `]` closing the class opened at `open` (a `]` right after `[` or `[^` is literal). */
function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === "^") i++;
  if (pattern[i] === "]") i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === "\\") i++;
    else if (pattern[i] === "[" && pattern[i + 1] === ":") {
      const close = pattern.indexOf(":]", i + 2);
      if (close !== -1) i = close + 1;
    } else if (pattern[i] === "]") return i;
  }
  return pattern.length;
}
