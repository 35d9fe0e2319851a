import { describe, expect, it } from "vitest";
import { parseRegexShape, type Atom } from "./regex-shape.ts";

const summary = (atoms: Atom[]) => atoms.map((a) => `${a.kind}:${a.src}{${a.min},${a.max}}`);

describe("parseRegexShape", () => {
  it("reads atoms, classes, escapes and quantifier bounds", () => {
    const [seq] = parseRegexShape("^a[b-d]+\\s*x{2,5}y{3}z{1,}?$").branches;
    expect(summary(seq ?? [])).toEqual([
      "assertion:^{1,1}",
      "char:a{1,1}",
      "class:[b-d]{1,Infinity}",
      "char:\\s{0,Infinity}",
      "char:x{2,5}",
      "char:y{3,3}",
      "char:z{1,Infinity}",
      "assertion:${1,1}",
    ]);
  });

  it("nests groups with their branches, including named and lookaround groups", () => {
    const [seq] = parseRegexShape("(?<n>ab|c)+(?=d)(?:e)").branches;
    expect(seq?.map((a) => [a.kind, a.max, a.branches?.length])).toEqual([
      ["group", Infinity, 2],
      ["assertion", 1, 1],
      ["group", 1, 1],
    ]);
    expect(summary(seq?.[0]?.branches?.[0] ?? [])).toEqual(["char:a{1,1}", "char:b{1,1}"]);
  });

  it("flags backreferences and splits top-level alternation", () => {
    expect(parseRegexShape("(a)\\1").backreference).toBe(true);
    expect(parseRegexShape("(?<q>a)\\k<q>").backreference).toBe(true);
    expect(parseRegexShape("a\\\\1").backreference).toBe(false);
    expect(parseRegexShape("a|b|c").branches).toHaveLength(3);
  });
});
