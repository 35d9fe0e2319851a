import { describe, expect, it } from "vitest";
import type { Hlc } from "./hlc.ts";
import { emptyVersionVector, mergeVersionVectors, vvCovers, vvDominates, vvMaxStamp, vvObserve } from "./version-vector.ts";

const s = (wall_ms: number, node: string): Hlc => ({ wall_ms, counter: 0, node });

describe("version vectors", () => {
  it("track the greatest stamp per node and cover everything below it", () => {
    let vv = vvObserve(emptyVersionVector(), s(5, "eu"));
    vv = vvObserve(vv, s(3, "eu"));
    expect(vv.get("eu")).toEqual(s(5, "eu"));
    expect(vvCovers(vv, s(4, "eu"))).toBe(true);
    expect(vvCovers(vv, s(6, "eu"))).toBe(false);
    expect(vvCovers(vv, s(1, "us"))).toBe(false);
  });

  it("merge point-wise, and dominate after merging", () => {
    const a = vvObserve(vvObserve(emptyVersionVector(), s(5, "eu")), s(1, "us"));
    const b = vvObserve(vvObserve(emptyVersionVector(), s(2, "eu")), s(9, "us"));
    const m = mergeVersionVectors(a, b);
    expect([...m.values()]).toEqual(expect.arrayContaining([s(5, "eu"), s(9, "us")]));
    expect(mergeVersionVectors(b, a)).toEqual(m);
    expect(vvDominates(m, a) && vvDominates(m, b)).toBe(true);
    expect(vvDominates(a, b)).toBe(false);
    expect(vvDominates(a, emptyVersionVector())).toBe(true);
    expect(vvMaxStamp(m)).toEqual(s(9, "us"));
    expect(vvMaxStamp(emptyVersionVector())).toBeUndefined();
  });
});
