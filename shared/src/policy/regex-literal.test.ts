/**
 * requiredLiteral: the literal it returns is in every text the pattern matches (checked against RE2JS on
 * random patterns and texts), and it finds the plain prefixes policies use.
 */
import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { requiredLiteral } from "./regex-literal.ts";
import { compileSafeRegex } from "./safe-regex.ts";

describe("requiredLiteral", () => {
  it.each([
    ["ticket-12[0-9]{3}", "ticket-12"],
    ["^deploy-(?:prod|staging)$", "deploy"],
    ["^rm -rf /", "rm -rf /"],
    ["colou?r", "colo"],
    ["ab*c", "a"],
    ["ab{0,2}", "a"],
    ["ab+", "ab"],
    ["a.b", "a"],
    ["cat|dog", ""],
    ["x(a|b)|c", ""],
    ["(?i)password", ""],
    ["[|]abc", ""],
    ["ab[|]c", "ab"],
    ["ab[]|]c", "ab"],
    ["ab\\|c", "ab"],
    ["café", "ca"],
    ["a😀?", ""],
    ["ab(?i)*", "a"],
    ["ab(?:cd)?", "a"],
  ])("%s → %j", (pattern, literal) => {
    expect(requiredLiteral(pattern)).toBe(literal);
  });

  it("returns only what every match contains (property, against RE2JS)", () => {
    const piece = fc.constantFrom("a", "b", "c", "-", " ", "|", "(", ")", "(?:", "?", "*", "+", "{0,2}", "{2}", "[ab]", "[|]", "[^a]", "[]a]", ".", "^", "$", "\\|", "\\.", "\\d", "(?i)", "é", "😀");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.array(fc.constantFrom("a", "b", "c", "-", " ", "|", "A", "é", "😀", "x"), { maxLength: 12 }), (pieces, chars) => {
        const pattern = pieces.join("");
        let re: RE2JS;
        try {
          re = RE2JS.compile(pattern);
        } catch {
          return; // not a pattern a validated policy can hold
        }
        const text = chars.join("");
        const literal = requiredLiteral(pattern);
        if (re.test(text)) expect(text.includes(literal)).toBe(true);
        // compileSafeRegex answers as RE2JS does, with or without the literal shortcut.
        expect(compileSafeRegex(pattern).test(text)).toBe(re.test(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("spares compiling a pattern for texts without its literal", () => {
    // A pattern RE2 refuses throws when compiled: it is not compiled for a text without "abc".
    const re = compileSafeRegex("abc(a)\\1");
    expect(re.test("xyz")).toBe(false);
    expect(() => re.test("abcaa")).toThrow("not a linear-time regular expression");
  });
});
