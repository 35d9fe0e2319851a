import { describe, expect, it } from "vitest";
import { target, targetsMarkdown } from "./targets.ts";
import { generateIbanSamples, loadSyntheticIban, makeIban } from "./synthetic-iban.ts";
import { ibanValid } from "@nethical/core/detectors/validators.ts";

describe("targets table", () => {
  it("says met or MISSED, and 'not measured' counts as missed", () => {
    expect(target("x", 0.96, (v) => v >= 0.95).met).toBe(true);
    expect(target("x", 0.9, (v) => v >= 0.95).met).toBe(false);
    expect(target("x", null, () => true)).toEqual({ target: "x", measured: "not measured", met: false });
    expect(targetsMarkdown([target("a", 1, () => true), target("b", 0, () => false)])).toMatch(/\| a \| 1.000 \| met \|\n\| b \| 0.000 \| MISSED \|$/);
  });
});

describe("synthetic IBAN set", () => {
  it("has valid checksums exactly where a gold span is, and the committed file matches the generator", () => {
    expect(makeIban("DE", "370400440532013000", true)).toBe("DE89370400440532013000");
    const samples = loadSyntheticIban();
    expect(samples).toEqual(generateIbanSamples(40));
    for (const s of samples) {
      const m = s.text.match(/[A-Z]{2}\d{2}(?: ?\d{1,4})+/);
      expect(m).not.toBeNull();
      expect(ibanValid((m?.[0] ?? "").replace(/ /g, ""))).toBe(s.spans.length === 1);
    }
  });
});
