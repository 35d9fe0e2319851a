import { describe, expect, it } from "vitest";
import { calibratedScore, decodeModel, encodeWeights, type ClassifierHead } from "./model.ts";

const head: ClassifierHead = { type: "JAILBREAK", bias: 0, t1: 0.8, t2: 0.6 };

describe("model format", () => {
  it("round-trips Float32 weights through base64", () => {
    const w = [0.5, -1.25, 3, 0];
    const m = decodeModel({ version: 1, buckets: 2, heads: [head, { ...head, type: "PROMPT_INJECTION" }], weights_b64: encodeWeights(w), trained: {} });
    expect([...m.weights]).toEqual(w);
  });

  it("rejects weights that do not match buckets × heads", () => {
    expect(() => decodeModel({ version: 1, buckets: 3, heads: [head], weights_b64: encodeWeights([1]), trained: {} })).toThrow(/expected 12/);
  });
});

describe("calibratedScore", () => {
  it("maps below t2 to 0, t2..t1 to 0.5..0.7 and t1..1 to 0.7..1", () => {
    expect(calibratedScore(0.59, head)).toBe(0);
    expect(calibratedScore(0.6, head)).toBeCloseTo(0.5);
    expect(calibratedScore(0.7, head)).toBeCloseTo(0.6);
    expect(calibratedScore(0.8, head)).toBeCloseTo(0.7);
    expect(calibratedScore(1, head)).toBeCloseTo(1);
  });

  it("is monotone", () => {
    let prev = -1;
    for (let p = 0; p <= 1; p += 0.01) {
      const s = calibratedScore(p, head);
      expect(s).toBeGreaterThanOrEqual(prev);
      prev = s;
    }
  });
});
