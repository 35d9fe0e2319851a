import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Hlc } from "./hlc.ts";
import { emptyOrSet, mergeOrSet, type OrSet, orSetAdd, orSetElements, orSetHas, orSetRemove } from "./or-set.ts";

const s = (wall_ms: number, node: string): Hlc => ({ wall_ms, counter: 0, node });

describe("OR-set (add-wins)", () => {
  it("adds, removes, and re-adds", () => {
    let set = orSetAdd(emptyOrSet<string>(), "p1", s(1, "eu"));
    expect(orSetHas(set, "p1")).toBe(true);
    set = orSetRemove(set, "p1", s(2, "eu"));
    expect(orSetHas(set, "p1")).toBe(false);
    expect(orSetElements(set)).toEqual([]);
    set = orSetAdd(set, "p1", s(3, "eu"));
    expect(orSetHas(set, "p1")).toBe(true);
  });

  it("lets an add concurrent with a remove win", () => {
    const both = orSetAdd(emptyOrSet<string>(), "p1", s(1, "eu"));
    const removedInEu = orSetRemove(both, "p1", s(5, "eu"));
    const readdedInUs = orSetAdd(both, "p1", s(4, "us")); // not observed by the EU remove
    expect(orSetHas(mergeOrSet(removedInEu, readdedInUs), "p1")).toBe(true);
    expect(orSetHas(mergeOrSet(readdedInUs, removedInEu), "p1")).toBe(true);
  });

  it("removes for good what the remover had observed", () => {
    const both = orSetAdd(orSetAdd(emptyOrSet<string>(), "p1", s(1, "eu")), "p1", s(2, "us"));
    const removed = orSetRemove(both, "p1", s(3, "us"));
    expect(orSetHas(mergeOrSet(both, removed), "p1")).toBe(false);
  });

  it("returns the same set when removing an absent element", () => {
    const set = orSetAdd(emptyOrSet<string>(), "p1", s(1, "eu"));
    expect(orSetRemove(set, "p2", s(2, "eu"))).toBe(set);
  });

  it("merge is commutative, associative and idempotent", () => {
    const op = fc.record({ add: fc.boolean(), el: fc.constantFrom("x", "y"), wall: fc.nat({ max: 6 }), node: fc.constantFrom("a", "b") });
    const setOf = fc.array(op, { maxLength: 8 }).map((ops) => {
      let set: OrSet<string> = emptyOrSet();
      ops.forEach((o, i) => {
        const stamp = { wall_ms: o.wall, counter: i, node: o.node };
        set = o.add ? orSetAdd(set, o.el, stamp) : orSetRemove(set, o.el, stamp);
      });
      return set;
    });
    fc.assert(
      fc.property(setOf, setOf, setOf, (a, b, c) => {
        expect(mergeOrSet(a, b)).toEqual(mergeOrSet(b, a));
        expect(mergeOrSet(mergeOrSet(a, b), c)).toEqual(mergeOrSet(a, mergeOrSet(b, c)));
        expect(mergeOrSet(a, a)).toEqual(a);
      }),
    );
  });
});
