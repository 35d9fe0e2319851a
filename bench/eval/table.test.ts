import { describe, expect, it } from "vitest";
import { fmt, formatTable, pct } from "./table.ts";

describe("table formatting", () => {
  it("aligns columns under a header and separator", () => {
    expect(formatTable(["name", "n"], [["email", "2"], ["ip", "10"]])).toBe("name  | n \n------+---\nemail | 2 \nip    | 10");
  });
  it("formats numbers and rates", () => {
    expect(fmt(0.98765)).toBe("0.988");
    expect(fmt(null)).toBe("—");
    expect(pct(9, 10)).toBe("9/10 (90.0%)");
    expect(pct(0, 0)).toBe("0/0 (—)");
  });
});
