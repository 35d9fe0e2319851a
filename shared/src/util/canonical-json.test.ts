import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CanonicalJsonError, canonicalJson } from "./canonical-json.ts";

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops whitespace", () => {
    expect(canonicalJson({ z: { y: 1, b: [3, { d: 1, c: 2 }] }, a: "x" })).toBe(
      '{"a":"x","z":{"b":[3,{"c":2,"d":1}],"y":1}}',
    );
  });

  it("sorts keys by UTF-16 code units, not by locale", () => {
    expect(canonicalJson({ b: 1, B: 2, "é": 3, a: 4 })).toBe('{"B":2,"a":4,"b":1,"é":3}');
  });

  it("writes numbers in shortest form and -0 as 0", () => {
    expect(canonicalJson([1e21, 0.1, -0, 1.5e-7, 100])).toBe("[1e+21,0.1,0,1.5e-7,100]");
  });

  it("escapes strings like JSON", () => {
    expect(canonicalJson('a"b\\c\n\u0001')).toBe('"a\\"b\\\\c\\n\\u0001"');
  });

  it("omits undefined object properties", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it("rejects non-finite numbers with a path", () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: [1, Number.POSITIVE_INFINITY] })).toThrow("$.a[1]: non-finite number Infinity");
  });

  it("rejects cycles, bigint, functions, dates and undefined in arrays", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow("cycle");
    expect(() => canonicalJson({ n: 1n })).toThrow("bigint");
    expect(() => canonicalJson({ f: () => 1 })).toThrow("function");
    expect(() => canonicalJson({ d: new Date(0) })).toThrow("plain objects");
    expect(() => canonicalJson([undefined])).toThrow("undefined in array");
    expect(() => canonicalJson(undefined)).toThrow(CanonicalJsonError);
  });

  it("refuses absurd nesting with an error instead of overflowing the stack", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow("nested deeper than");
  });

  it("allows the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it("round-trips through JSON.parse and ignores key insertion order", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        const reversed = JSON.parse(text, (_k, v: unknown) =>
          v !== null && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(text);
      }),
    );
  });
});
