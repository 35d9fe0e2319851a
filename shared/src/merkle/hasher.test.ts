import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64Encode } from "./base64.ts";
import { bytesEqual, emptyRootHash, hashChildren, hashLeaf, isMerkleHash } from "./hasher.ts";
import { hashChildrenWebCrypto, hashLeafWebCrypto, sha256WebCrypto } from "./webcrypto-hash.ts";

const sha = (...parts: Uint8Array[]) => new Uint8Array(createHash("sha256").update(Buffer.concat(parts)).digest());
const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe("RFC 6962 hashing", () => {
  it("gives the vectors' leaf hash for the empty entry and SHA-256('') for the empty tree", () => {
    expect(base64Encode(hashLeaf(new Uint8Array(0)))).toBe("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=");
    expect(base64Encode(emptyRootHash())).toBe("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  });

  it("prefixes leaves with 0x00 and nodes with 0x01 (domain separation)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), hash32, hash32, (leaf, l, r) => {
        expect(bytesEqual(hashLeaf(leaf), sha(Uint8Array.of(0), leaf))).toBe(true);
        expect(bytesEqual(hashChildren(l, r), sha(Uint8Array.of(1), l, r))).toBe(true);
        // A 64-byte leaf equal to l‖r never hashes like the node (l, r).
        expect(bytesEqual(hashLeaf(Buffer.concat([l, r])), hashChildren(l, r))).toBe(false);
      }),
    );
  });

  it("hands out a copy of the empty root that callers cannot corrupt", () => {
    emptyRootHash().fill(0);
    expect(base64Encode(emptyRootHash())).toBe("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  });

  it("rejects children that are not 32-byte hashes", () => {
    expect(() => hashChildren(new Uint8Array(31), new Uint8Array(32))).toThrow(/left must be a 32-byte hash, got 31 bytes/);
    expect(() => hashChildren(new Uint8Array(32), "x" as unknown as Uint8Array)).toThrow(/right must be a 32-byte hash/);
    expect(() => hashLeaf(null as unknown as Uint8Array)).toThrow(TypeError);
  });

  it("recognises 32-byte hashes only", () => {
    expect(isMerkleHash(new Uint8Array(32))).toBe(true);
    expect(isMerkleHash(new Uint8Array(33))).toBe(false);
    expect(isMerkleHash("a".repeat(32))).toBe(false);
  });

  it("compares bytes exactly", () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).toBe(false);
  });
});

describe("WebCrypto variants", () => {
  it("give the same hashes as the synchronous hasher", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), hash32, hash32, async (leaf, l, r) => {
        expect(bytesEqual(await hashLeafWebCrypto(leaf), hashLeaf(leaf))).toBe(true);
        expect(bytesEqual(await hashChildrenWebCrypto(l, r), hashChildren(l, r))).toBe(true);
        expect(bytesEqual(await sha256WebCrypto(leaf), sha(leaf))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("reject bad input with clear errors", async () => {
    await expect(hashChildrenWebCrypto(new Uint8Array(1), new Uint8Array(32))).rejects.toThrow(/32-byte hash/);
    await expect(hashLeafWebCrypto("x" as unknown as Uint8Array)).rejects.toThrow(TypeError);
  });
});
