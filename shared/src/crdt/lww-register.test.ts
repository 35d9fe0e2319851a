import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Hlc } from "./hlc.ts";
import { lwwWrite, mergeLww, mergeOptionalLww } from "./lww-register.ts";

const s = (wall_ms: number, counter: number, node: string): Hlc => ({ wall_ms, counter, node });

describe("LWW register", () => {
  it("keeps the write with the greater stamp, whole", () => {
    const older = lwwWrite({ status: "canary", rules: ["a"] }, s(10, 0, "eu"));
    const newer = lwwWrite({ status: "quarantine", rules: ["b"] }, s(10, 1, "eu"));
    expect(mergeLww(older, newer)).toBe(newer);
    expect(mergeLww(newer, older)).toBe(newer);
  });

  it("breaks equal wall time and counter by node id", () => {
    const eu = lwwWrite("eu-doc", s(10, 0, "eu"));
    const us = lwwWrite("us-doc", s(10, 0, "us"));
    expect(mergeLww(eu, us).value).toBe("us-doc");
    expect(mergeLww(us, eu).value).toBe("us-doc");
  });

  it("stays deterministic if a faulty peer reuses a stamp for another value", () => {
    const a = lwwWrite({ v: 1 }, s(10, 0, "eu"));
    const b = lwwWrite({ v: 2 }, s(10, 0, "eu"));
    expect(mergeLww(a, b).value).toEqual({ v: 2 });
    expect(mergeLww(b, a).value).toEqual({ v: 2 });
  });

  it("is commutative, associative and idempotent", () => {
    const reg = fc
      .record({ wall: fc.nat({ max: 3 }), counter: fc.nat({ max: 2 }), node: fc.constantFrom("a", "b") })
      .map(({ wall, counter, node }) => lwwWrite(`${node}:${wall}:${counter}`, s(wall, counter, node)));
    fc.assert(
      fc.property(reg, reg, reg, (a, b, c) => {
        expect(mergeLww(a, b)).toEqual(mergeLww(b, a));
        expect(mergeLww(mergeLww(a, b), c)).toEqual(mergeLww(a, mergeLww(b, c)));
        expect(mergeLww(a, a)).toEqual(a);
      }),
    );
  });

  it("treats a missing register as never written", () => {
    const r = lwwWrite(1, s(1, 0, "a"));
    expect(mergeOptionalLww(undefined, r)).toBe(r);
    expect(mergeOptionalLww(r, undefined)).toBe(r);
    expect(mergeOptionalLww(undefined, undefined)).toBeUndefined();
  });
});
