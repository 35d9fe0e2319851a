import { describe, expect, it } from "vitest";
import { loadGptfuzzQuestions, loadJailbreaks, loadPresidio, loadPurpleLlama, loadXstest } from "./datasets.ts";

describe("dataset copies in bench/data", () => {
  it("load with the sizes documented in bench/data/README.md", () => {
    expect(loadPresidio().length).toBe(100);
    const jb = loadJailbreaks();
    expect([jb.giskard.length, jb.selfreminder.length, jb.gptfuzzTemplates.length]).toEqual([35, 75, 77]);
    const xs = loadXstest();
    expect([xs.safe.length, xs.unsafe.length]).toEqual([250, 200]);
    expect(loadGptfuzzQuestions().length).toBe(100);
    const pl = loadPurpleLlama();
    expect([pl.malicious.length, pl.benign.length]).toEqual([250, 375]);
  });
  it("keep Presidio spans consistent with the text", () => {
    for (const s of loadPresidio()) for (const g of s.spans) expect(g.end).toBeLessThanOrEqual(s.text.length);
  });
});
