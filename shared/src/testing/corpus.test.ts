import { describe, expect, it } from "vitest";
import { buildCorpus, makeAction, seededRandom } from "./corpus.ts";

describe("corpus", () => {
  it("is deterministic for a seed", () => {
    const a = buildCorpus({ count: 20, sizes: [100, 1024], seed: 3 });
    const b = buildCorpus({ count: 20, sizes: [100, 1024], seed: 3 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(buildCorpus({ count: 20, sizes: [100], seed: 4 }))).not.toBe(
      JSON.stringify(buildCorpus({ count: 20, sizes: [100], seed: 3 })),
    );
  });
  it("makes actions of the requested size and mixes harmful ones", () => {
    const rand = seededRandom(9);
    for (const size of [100, 1024, 8192]) expect(makeAction(size, false, rand).length).toBe(size);
    const items = buildCorpus({ count: 200, sizes: [1024], seed: 5, harmfulShare: 0.5 });
    const harmful = items.filter((i) => i.harmful).length;
    expect(harmful).toBeGreaterThan(60);
    expect(harmful).toBeLessThan(140);
  });
});
