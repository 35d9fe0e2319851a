import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Sync, sha256SyncParts } from "./sha256.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const nodeSha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("sha256Sync", () => {
  it("matches the FIPS 180-2 / NIST known answers", () => {
    expect(hex(sha256Sync(utf8("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hex(sha256Sync(utf8("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256Sync(utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(
      hex(sha256Sync(utf8("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"))),
    ).toBe("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    expect(hex(sha256Sync(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
    );
  });

  it("agrees with node:crypto at every length around the 55/56/64-byte padding boundaries (0..300)", () => {
    for (let n = 0; n <= 300; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      expect(hex(sha256Sync(data)), `length ${n}`).toBe(nodeSha(data));
    }
  });

  it("agrees with WebCrypto on random inputs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (data) => {
        const web = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
        expect(hex(sha256Sync(data))).toBe(hex(web));
      }),
      { numRuns: 300 },
    );
  });

  it("hashes a subarray view by its own bytes, not the whole buffer", () => {
    const buffer = utf8("xxabcxx");
    expect(hex(sha256Sync(buffer.subarray(2, 5)))).toBe(hex(sha256Sync(utf8("abc"))));
  });

  it("returns a fresh array each time (results are never overwritten by later hashes)", () => {
    const first = sha256Sync(utf8("a"));
    const copy = hex(first);
    sha256Sync(utf8("b"));
    expect(hex(first)).toBe(copy);
  });

  it("rejects non-bytes with a TypeError", () => {
    expect(() => sha256Sync("abc" as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe("sha256SyncParts", () => {
  it("equals the hash of the concatenation for any split", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 150 }), { maxLength: 6 }), (parts) => {
        expect(hex(sha256SyncParts(parts))).toBe(nodeSha(Buffer.concat(parts)));
      }),
      { numRuns: 300 },
    );
  });

  it("rejects a non-bytes part", () => {
    expect(() => sha256SyncParts([new Uint8Array(1), [1] as unknown as Uint8Array])).toThrow(/every part/);
  });
});
