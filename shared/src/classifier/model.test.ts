import { describe, expect, it } from "vitest";
import { calibratedScore, decodeModel, encodeWeights, quantizeWeights, weight, type ClassifierHead } from "./model.ts";

const head: ClassifierHead = { type: "JAILBREAK", bias: 0, t1: 0.8, t2: 0.6 };

describe("model format", () => {
  it("round-trips Float32 weights through base64, decoded head-major", () => {
    const w = [0.5, -1.25, 3, 0]; // interleaved: bucket 0 (head 0, head 1), bucket 1 (head 0, head 1)
    const m = decodeModel({ version: 1, buckets: 2, heads: [head, { ...head, type: "PROMPT_INJECTION" }], weights_b64: encodeWeights(w), trained: {} });
    expect(w.map((_, i) => weight(m, i))).toEqual(w);
    expect([...m.weights]).toEqual([0.5, 3, -1.25, 0]); // head 0's buckets, then head 1's
  });

  it("decodes int8 weights head-major", () => {
    const q = quantizeWeights([127, -1, 2, -3, 4, -5], 2); // scales 1 and 5/127: int8 [127, -25, 2, -76, 4, -127]
    const m = decodeModel({ version: 2, buckets: 3, heads: [head, { ...head, type: "PROMPT_INJECTION" }], ...q, trained: {} });
    expect([...m.weights]).toEqual([127, 2, 4, -25, -76, -127]);
  });

  it("quantises to int8 with one scale per head, within half a step of each weight", () => {
    const w = [1, -2, 0.5, 2, -0.25, 0.01];
    const q = quantizeWeights(w, 2);
    expect(q).toEqual({ weights_i8_b64: expect.any(String), scales: [1 / 127, 2 / 127].map((x) => Number(x.toPrecision(9))) });
    const m = decodeModel({ version: 2, buckets: 3, heads: [head, { ...head, type: "PROMPT_INJECTION" }], ...q, trained: {} });
    w.forEach((x, i) => expect(Math.abs(weight(m, i) - x)).toBeLessThanOrEqual((q.scales[i % 2] as number) / 2 + 1e-7));
    expect(quantizeWeights([1, -2, 0.5, 2], 2).weights_i8_b64).toBe("f4E/fw==");
  });

  it("rejects int8 weights or scales that do not match, and a model without weights", () => {
    const q = quantizeWeights([1, 2], 1);
    expect(() => decodeModel({ version: 2, buckets: 3, heads: [head], ...q, trained: {} })).toThrow(/expected 3/);
    expect(() => decodeModel({ version: 2, buckets: 2, heads: [head], weights_i8_b64: q.weights_i8_b64, scales: [], trained: {} })).toThrow(/scales/);
    expect(() => decodeModel({ version: 2, buckets: 2, heads: [head], trained: {} })).toThrow(/no weights/);
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
