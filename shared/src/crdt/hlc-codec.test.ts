import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareHlc, HLC_MAX_COUNTER, HLC_MAX_WALL_MS } from "./hlc.ts";
import { decodeHlc, encodeHlc, HlcFormatError, HlcStringSchema } from "./hlc-codec.ts";

const hlc = fc.record({
  wall_ms: fc.oneof(fc.integer({ min: 0, max: HLC_MAX_WALL_MS }), fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_100 })),
  counter: fc.oneof(fc.nat({ max: HLC_MAX_COUNTER }), fc.nat({ max: 3 })),
  node: fc.stringMatching(/^[A-Za-z0-9._:-]{1,12}$/),
});

describe("HLC string form", () => {
  it("encodes to fixed-width hex and decodes back", () => {
    expect(encodeHlc({ wall_ms: 1_700_000_000_000, counter: 2, node: "eu" })).toBe("018bcfe56800.000002.eu");
    fc.assert(
      fc.property(hlc, (h) => {
        expect(decodeHlc(encodeHlc(h))).toEqual(h);
      }),
    );
  });

  it("sorts lexicographically exactly as compareHlc orders", () => {
    fc.assert(
      fc.property(hlc, hlc, (a, b) => {
        const ea = encodeHlc(a);
        const eb = encodeHlc(b);
        expect(Math.sign(ea < eb ? -1 : ea > eb ? 1 : 0)).toBe(Math.sign(compareHlc(a, b)));
      }),
    );
  });

  it("rejects malformed text and out-of-range stamps", () => {
    for (const bad of ["", "018bcfe56800.000002", "018BCFE56800.000002.eu", "18bcfe56800.000002.eu", "018bcfe56800.000002.e u"]) {
      expect(() => decodeHlc(bad)).toThrow(HlcFormatError);
      expect(HlcStringSchema.safeParse(bad).success).toBe(false);
    }
    expect(() => encodeHlc({ wall_ms: HLC_MAX_WALL_MS + 1, counter: 0, node: "a" })).toThrow(HlcFormatError);
    expect(() => encodeHlc({ wall_ms: 1, counter: -1, node: "a" })).toThrow(HlcFormatError);
    expect(HlcStringSchema.parse("000000000001.000000.a")).toEqual({ wall_ms: 1, counter: 0, node: "a" });
  });
});
