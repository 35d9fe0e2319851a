import { describe, expect, it } from "vitest";
import { deepFreeze } from "./deep-freeze.ts";

describe("deepFreeze", () => {
  it("freezes nested objects and arrays so writes throw in strict mode", () => {
    const value = deepFreeze({ a: [{ b: 1 }], c: { d: "x" } });
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a[0])).toBe(true);
    expect(() => {
      (value.c as { d: string }).d = "y";
    }).toThrow(TypeError);
    expect(() => (value.a as unknown as unknown[]).push(2)).toThrow(TypeError);
    expect(value.c.d).toBe("x");
  });

  it("passes primitives through", () => {
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBe(null);
  });
});
