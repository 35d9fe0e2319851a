/**
 * A small parser for JavaScript regex source (validated with the `u` flag first): a tree of atoms with their
 * quantifier bounds, enough for safe-regex.ts to look for catastrophic-backtracking shapes. It does not
 * need to understand every construct, only where atoms, groups, alternations and quantifiers are.
 */

/** One atom: a character (or escape), a class, a group, or an assertion, with its quantifier bounds. */
export interface Atom {
  /** Source text of the atom (without its quantifier). */
  src: string;
  kind: "char" | "class" | "group" | "assertion";
  min: number;
  max: number;
  /** For groups: the branches, each a sequence of atoms. */
  branches?: Atom[][];
}

/** The parsed pattern: its top-level branches, and whether it uses backreferences. */
export interface RegexShape {
  branches: Atom[][];
  backreference: boolean;
}

/**
 * Parse a pattern that `new RegExp(pattern, "u")` accepts.
 *
 * @example
 * parseRegexShape("(ab)+c").branches[0][0].max; // Infinity
 */
export function parseRegexShape(pattern: string): RegexShape {
  let pos = 0;
  let backreference = false;
  const parseSeq = (): Atom[][] => {
    const branches: Atom[][] = [[]];
    while (pos < pattern.length && pattern[pos] !== ")") {
      const ch = pattern[pos] as string;
      if (ch === "|") {
        branches.push([]);
        pos++;
        continue;
      }
      const atom = parseAtom();
      parseQuantifier(atom);
      (branches[branches.length - 1] as Atom[]).push(atom);
    }
    return branches;
  };
  const parseAtom = (): Atom => {
    const start = pos;
    const ch = pattern[pos] as string;
    if (ch === "(") {
      pos++;
      const lookaround = /^\?(?:[=!]|<[=!])/.test(pattern.slice(pos, pos + 3));
      const named = pattern.slice(pos, pos + 2) === "?<" && !lookaround;
      if (named) pos = pattern.indexOf(">", pos) + 1;
      else if (pattern[pos] === "?") pos += pattern[pos + 1] === "<" ? 3 : 2;
      const branches = parseSeq();
      pos++; // ")"
      return { src: pattern.slice(start, pos), kind: lookaround ? "assertion" : "group", min: 1, max: 1, branches };
    }
    if (ch === "[") {
      pos = classEnd(pattern, pos);
      return { src: pattern.slice(start, pos), kind: "class", min: 1, max: 1 };
    }
    if (ch === "^" || ch === "$") {
      pos++;
      return { src: ch, kind: "assertion", min: 1, max: 1 };
    }
    if (ch === "\\") {
      pos = escapeEnd(pattern, pos);
      const src = pattern.slice(start, pos);
      if (/^\\(?:[1-9]|k)/.test(src)) backreference = true;
      return { src, kind: /^\\[bB]$/.test(src) ? "assertion" : "char", min: 1, max: 1 };
    }
    pos += (pattern.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
    return { src: pattern.slice(start, pos), kind: "char", min: 1, max: 1 };
  };
  const parseQuantifier = (atom: Atom): void => {
    const rest = pattern.slice(pos);
    const m = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(rest);
    if (m === null) return;
    pos += m[0].length;
    if (m[1] === "*") [atom.min, atom.max] = [0, Infinity];
    else if (m[1] === "+") [atom.min, atom.max] = [1, Infinity];
    else if (m[1] === "?") [atom.min, atom.max] = [0, 1];
    else {
      atom.min = Number(m[2]);
      atom.max = m[3] === undefined ? atom.min : m[4] === "" ? Infinity : Number(m[4]);
    }
  };
  return { branches: parseSeq(), backreference };
}

function classEnd(p: string, start: number): number {
  let i = start + 1;
  while (i < p.length && p[i] !== "]") i += p[i] === "\\" ? 2 : 1;
  return i + 1;
}

function escapeEnd(p: string, start: number): number {
  const next = p[start + 1];
  if ((next === "p" || next === "P" || next === "u") && p[start + 2] === "{") return p.indexOf("}", start) + 1;
  if (next === "u") return start + 6;
  if (next === "x") return start + 4;
  if (next === "c") return start + 3;
  return start + 2;
}
