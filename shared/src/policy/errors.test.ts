import { describe, expect, it } from "vitest";
import { PolicyError, formatPath } from "./errors.ts";

describe("PolicyError", () => {
  it("lists every issue on its own line, naming the document for an empty path", () => {
    const error = new PolicyError([
      { path: "", message: "bad" },
      { path: "rules[2].when", message: "worse" },
    ]);
    expect(error.message).toBe("Invalid policy:\n  (document): bad\n  rules[2].when: worse");
    expect(error.issues).toHaveLength(2);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("PolicyError");
  });
});

describe("formatPath", () => {
  it("writes indexes in brackets and keys with dots", () => {
    expect(formatPath(["rules", 3, "when", "all", 0, "op"])).toBe("rules[3].when.all[0].op");
    expect(formatPath([0, "a"])).toBe("[0].a");
    expect(formatPath([])).toBe("");
  });
});
