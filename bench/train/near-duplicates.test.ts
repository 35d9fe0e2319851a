import { describe, expect, it } from "vitest";
import { corpus, isTrainingOnly } from "./corpus.ts";
import { NearDuplicateIndex, shingles } from "./near-duplicates.ts";

/** A training-only text this close to an evaluated one was dropped when the sets were written (issue 10, sixth round). */
const LIMIT = 0.35;

describe("near-duplicate search", () => {
  it("folds case, punctuation and spacing, and finds the closest text", () => {
    expect(shingles("Hi!")).toEqual(new Set(["hi"]));
    expect(shingles("Bake  BREAD, now")).toEqual(shingles("bake bread now"));
    const idx = new NearDuplicateIndex(["how do I bake sourdough bread at home", "what is the capital of France", "bake"]);
    expect(idx.nearest("How do I bake sourdough bread at home?")).toEqual({ index: 0, jaccard: 1 });
    const near = idx.nearest("how do I bake rye bread at home");
    expect(near.index).toBe(0);
    expect(near.jaccard).toBeGreaterThan(0.3);
    expect(near.jaccard).toBeLessThan(1);
    expect(idx.nearest("zebra quantum xylophone").jaccard).toBe(0);
    expect(idx.nearest("how do I bake rye bread at home", 0.9)).toEqual({ index: -1, jaccard: 0 });
  });

  it("finds no training-only written text close to a text of a reported source", () => {
    const all = corpus();
    const evaluated = all.filter((c) => !isTrainingOnly(c.source));
    const training = all.filter((c) => isTrainingOnly(c.source));
    expect(training.length).toBeGreaterThan(2800);
    const idx = new NearDuplicateIndex(evaluated.map((c) => c.text));
    const close = training.flatMap((t) => {
      const n = idx.nearest(t.text, LIMIT);
      return n.index >= 0 ? [`${t.source} ~ ${evaluated[n.index]?.source} (${n.jaccard.toFixed(2)})`] : [];
    });
    expect(close).toEqual([]);
  }, 120_000);
});
