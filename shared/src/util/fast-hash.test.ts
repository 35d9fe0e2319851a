import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastHash128 } from "./fast-hash.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);
const utf16le = (s: string) => new Uint8Array(Buffer.from(s, "utf16le"));
const hexBytes = (hex: string) => new Uint8Array(Buffer.from(hex, "hex"));

// Published MurmurHash3 x86_128 vectors (mmh3's test suite and Ian Boyd's set), digest bytes as hex.
const ASCENDING = hexBytes(
  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
);

describe("fastHash128 (MurmurHash3 x86_128)", () => {
  it("matches the reference vectors for bytes", () => {
    expect(fastHash128(utf8(""))).toBe("00000000000000000000000000000000");
    expect(fastHash128(utf8(""), 1)).toBe("88c4adec54d201b954d201b954d201b9");
    expect(fastHash128(utf8(""), 0xffffffff)).toBe("051e08a9989d49f7989d49f7989d49f7");
    expect(fastHash128(utf8("foo"))).toBe("577c1b2560b6256560b6256560b62565");
    expect(fastHash128(utf8("abc"))).toBe("75cdc6d1a2b006a5a2b006a5a2b006a5");
    expect(fastHash128(utf8("a"), 0x9747b28c)).toBe("084ef94421a1186e21a1186e21a1186e");
    expect(fastHash128(utf8("aaaa"), 0x9747b28c)).toBe("36804cef2a61c2242a61c2242a61c224");
    expect(fastHash128(utf8("Hello, world!"), 0x9747b28c)).toBe("756d5460bb872216b7d48b7c53c8c636");
    expect(fastHash128(utf8("ππππππππ"), 0x9747b28c)).toBe("af2ad3253a74df8838cc7534f197cc0d");
    expect(fastHash128(utf8("a".repeat(256)), 0x9747b28c)).toBe("d3f2b7bbf666c0ccd4a400605ec8d32a");
    expect(fastHash128(utf8("The quick brown fox jumps over the lazy dog"), 0x9747b28c)).toBe(
      "8ad4d55e4cb861718ea73a9ccdb6793e",
    );
    expect(fastHash128(utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "75ace8b3d53daa9a4ee869ed9ce31a02",
    );
    expect(fastHash128(ASCENDING)).toBe("cc32c3983052e6520858cfaa82d82209");
    expect(fastHash128(ASCENDING.subarray(0, 31))).toBe("24ab92eeac1d89ca45f5bc189ad5dda3");
    expect(fastHash128(utf8("My \uD83D\uDE80 is full of \uD83E\uDD8E."))).toBe("e616d85ffee7f678dab461995b5bb90f");
  });

  it("hashes a string exactly as its UTF-16LE bytes, for every tail length", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.integer(), (text, seed) => {
        expect(fastHash128(text, seed)).toBe(fastHash128(utf16le(text), seed));
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic, 32 hex characters, and seed-sensitive", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const h = fastHash128(text);
        expect(h).toMatch(/^[0-9a-f]{32}$/);
        expect(fastHash128(text)).toBe(h);
        expect(fastHash128(text, 1)).not.toBe(h);
      }),
    );
  });

  it("changes about half of the output bits when one input bit flips (avalanche)", () => {
    let flipped = 0;
    let total = 0;
    for (let i = 0; i < 200; i++) {
      const base = `decision-${i}-input`;
      const other = base.slice(0, 3) + String.fromCharCode(base.charCodeAt(3) ^ 1) + base.slice(4);
      const a = BigInt(`0x${fastHash128(base)}`);
      const b = BigInt(`0x${fastHash128(other)}`);
      flipped += (a ^ b).toString(2).split("").filter((c) => c === "1").length;
      total += 128;
    }
    const ratio = flipped / total;
    expect(ratio).toBeGreaterThan(0.45);
    expect(ratio).toBeLessThan(0.55);
  });
});
