import { describe, expect, it } from "vitest";
import { MAX_REGEX_LENGTH, compileSafeRegex, regexProblem } from "./safe-regex.ts";

describe("regexProblem accepts ordinary policy patterns", () => {
  it.each([
    "^rm\\s+-rf\\b",
    "^deploy-(?:prod|staging)$",
    "(?:foo|bar)+",
    "[a-z]+\\d+",
    "\\w+\\s+\\w+",
    "^https?://[^/]+\\.example\\.com/",
    "\\bDROP\\s+TABLE\\b",
    "^s3://(?<bucket>[a-z0-9.-]+)/",
    "a{2,5}b",
    "\\p{L}+\\d",
    "^[0-9]{3}-[0-9]{2}-[0-9]{4}$",
  ])("%s", (pattern) => {
    expect(regexProblem(pattern)).toBeUndefined();
  });
});

describe("regexProblem rejects catastrophic shapes", () => {
  it.each([
    ["(a+)+$", "nested quantifiers"],
    ["(\\w*)*x", "nested quantifiers"],
    ["^(a|a)*$", "ambiguous alternation"],
    ["(a|ab)+c", "ambiguous alternation"],
    ["(\\d|x)+", "ambiguous alternation"],
    ["((ab)*c)+", "nested quantifiers"],
    ["(x+x+)+y", "nested quantifiers"],
    ["(?:a{1,10}){1,10}", "nested quantifiers"],
    ["\\d+\\d*$", "adjacent overlapping repeats"],
    [".*.*=.*", "adjacent overlapping repeats"],
    ["\\w+\\s?\\w+!", "adjacent overlapping repeats"],
    ["(.)\\1", "backreferences"],
    ["(?<q>')\\k<q>", "backreferences"],
    ["(unclosed", "invalid regular expression"],
  ])("%s", (pattern, reason) => {
    expect(regexProblem(pattern)).toContain(reason);
  });

  it("rejects overly long patterns", () => {
    expect(regexProblem("a".repeat(MAX_REGEX_LENGTH + 1))).toContain("longer than");
    expect(regexProblem("a".repeat(MAX_REGEX_LENGTH))).toBeUndefined();
  });
});

describe("compileSafeRegex", () => {
  it("returns a stateless unicode regex", () => {
    const re = compileSafeRegex("^deploy-(?:prod|staging)$");
    expect(re.flags).toBe("u");
    expect(re.test("deploy-prod")).toBe(true);
    expect(re.test("deploy-prod")).toBe(true);
    expect(re.test("deploy-dev")).toBe(false);
  });

  it("throws with the problem for unsafe patterns", () => {
    expect(() => compileSafeRegex("(a+)+")).toThrow("nested quantifiers");
  });
});
