/**
 * A string a (safe) policy regex is likely to match, built from its shape: each atom repeated its minimum
 * number of times (at least once when optional is not needed), the first branch of each alternation, a
 * member of each class. A guess, always verified by the caller with the real regex.
 */
import { parseRegexShape, type Atom } from "../policy/regex-shape.ts";

const CLASS_PROBES: readonly string[] = ["a", "x", "0", "1", "A", "-", "_", " ", ".", "/", "@"];
const ESCAPES: Readonly<Record<string, string>> = { "\\d": "0", "\\w": "a", "\\s": " ", "\\D": "a", "\\W": "-", "\\S": "a", "\\n": "\n", "\\t": "\t" };

/**
 * A candidate string for `pattern` (which must compile with the `u` flag).
 *
 * @example
 * regexWitness("^deploy-(?:prod|staging)$"); // "deploy-prod"
 */
export function regexWitness(pattern: string): string {
  const shape = parseRegexShape(pattern);
  return branch(shape.branches[0] ?? []);
}

function branch(atoms: readonly Atom[]): string {
  let out = "";
  for (const atom of atoms) {
    const once = single(atom);
    out += once.repeat(Math.min(atom.min, 16));
  }
  return out;
}

function single(atom: Atom): string {
  if (atom.kind === "assertion") return "";
  if (atom.kind === "group") return branch(atom.branches?.[0] ?? []);
  if (atom.kind === "class") {
    let re: RegExp;
    try {
      re = new RegExp(`^${atom.src}$`, "u");
    } catch {
      return "a";
    }
    return CLASS_PROBES.find((c) => re.test(c)) ?? "a";
  }
  if (atom.src === ".") return "a";
  if (atom.src.startsWith("\\")) return ESCAPES[atom.src] ?? (atom.src.length === 2 ? atom.src.slice(1) : "a");
  return atom.src;
}
