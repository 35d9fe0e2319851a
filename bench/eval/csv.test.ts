import { describe, expect, it } from "vitest";
import { parseCsv, parseCsvObjects } from "./csv.ts";

describe("parseCsv", () => {
  it("handles quotes, doubled quotes, commas and newlines inside fields, and CRLF", () => {
    expect(parseCsv('a,b\r\n1,"x, ""y""\nz"\n')).toEqual([
      ["a", "b"],
      ["1", 'x, "y"\nz'],
    ]);
  });
  it("keeps empty fields and a last line without newline", () => {
    expect(parseCsv(",a,\nb,,c")).toEqual([
      ["", "a", ""],
      ["b", "", "c"],
    ]);
  });
  it("rejects an unterminated quote", () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/);
  });
});

describe("parseCsvObjects", () => {
  it("keys rows by header (empty header → _) and rejects ragged rows", () => {
    expect(parseCsvObjects(",name\n0,x\n")).toEqual([{ _: "0", name: "x" }]);
    expect(() => parseCsvObjects("a,b\n1\n")).toThrow(/fields/);
  });
});
