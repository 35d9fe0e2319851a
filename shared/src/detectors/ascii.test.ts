import { describe, expect, it } from "vitest";
import { hasNonAscii } from "./ascii.ts";

describe("hasNonAscii", () => {
  it("tells ASCII text from text with any character from U+0080 up, including after a cached answer", () => {
    expect(hasNonAscii("rm -rf / && echo done\n\t~")).toBe(false);
    expect(hasNonAscii("rm -rf / && echo done\n\t~")).toBe(false); // the cached answer
    for (const t of ["é", "a\u0080", "naïve", "你好", "😀", "ok\u00a0ok"]) expect(hasNonAscii(t), t).toBe(true);
    expect(hasNonAscii("")).toBe(false);
    expect(hasNonAscii("\u007f")).toBe(false);
  });

  it("answers each text for itself, whatever was asked before (equal strings share an answer)", () => {
    const a = "plain text";
    const b = `${"plain"} tèxt`;
    for (let i = 0; i < 3; i++) {
      expect(hasNonAscii(a)).toBe(false);
      expect(hasNonAscii(b)).toBe(true);
    }
    expect(hasNonAscii(["plain", "text"].join(" "))).toBe(false); // another string object, same text
  });
});
