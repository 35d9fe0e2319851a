import { describe, expect, it } from "vitest";
import { bytesEqual, emptyRootHash, hashChildren, hashLeaf } from "./hasher.ts";
import {
  consistencyProofFromLeafHashes,
  inclusionProofFromLeafHashes,
  rootFromLeafHashes,
  rootFromLeaves,
} from "./reference-tree.ts";
import { verifyConsistency } from "./verify-consistency.ts";
import { verifyInclusion } from "./verify-inclusion.ts";

const leaf = (i: number) => new TextEncoder().encode(`entry ${i}`);
const hashes = (n: number) => Array.from({ length: n }, (_, i) => hashLeaf(leaf(i)));

describe("MTH (RFC 9162 §2.1.1)", () => {
  it("is SHA-256('') for no leaves and the leaf hash for one", () => {
    expect(bytesEqual(rootFromLeaves([]), emptyRootHash())).toBe(true);
    expect(bytesEqual(rootFromLeaves([leaf(0)]), hashLeaf(leaf(0)))).toBe(true);
  });

  it("splits at the largest power of two below n", () => {
    const [a, b, c, d, e] = hashes(5) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    expect(bytesEqual(rootFromLeafHashes([a, b, c]), hashChildren(hashChildren(a, b), c))).toBe(true);
    const four = hashChildren(hashChildren(a, b), hashChildren(c, d));
    expect(bytesEqual(rootFromLeafHashes([a, b, c, d]), four)).toBe(true);
    expect(bytesEqual(rootFromLeafHashes([a, b, c, d, e]), hashChildren(four, e))).toBe(true);
  });

  it("hashes raw entries as leaves first", () => {
    const entries = [leaf(0), leaf(1), leaf(2)];
    expect(bytesEqual(rootFromLeaves(entries), rootFromLeafHashes(entries.map((x) => hashLeaf(x))))).toBe(true);
  });
});

describe("PATH and PROOF (RFC 9162 §2.1.3.1, §2.1.4.1)", () => {
  it("gives the sibling path: leaf 2 of 3 is proven by MTH(D[0:2])", () => {
    const h = hashes(3);
    const proof = inclusionProofFromLeafHashes(h, 2);
    expect(proof).toHaveLength(1);
    expect(bytesEqual(proof[0] as Uint8Array, hashChildren(h[0] as Uint8Array, h[1] as Uint8Array))).toBe(true);
  });

  it("produces inclusion proofs the verifier accepts for every leaf of every size up to 40", () => {
    for (let n = 1; n <= 40; n++) {
      const h = hashes(n);
      const root = rootFromLeafHashes(h);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProofFromLeafHashes(h, i);
        const result = verifyInclusion({ leafIndex: i, treeSize: n, leafHash: h[i] as Uint8Array, proof, rootHash: root });
        expect(result, `leaf ${i} of ${n}`).toEqual({ ok: true });
      }
    }
  });

  it("produces consistency proofs the verifier accepts for every pair of sizes up to 40", () => {
    const all = hashes(40);
    for (let n = 1; n <= 40; n++) {
      const h = all.slice(0, n);
      const root2 = rootFromLeafHashes(h);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProofFromLeafHashes(h, m);
        const result = verifyConsistency({ size1: m, size2: n, root1: rootFromLeafHashes(all.slice(0, m)), root2, proof });
        expect(result, `${m} → ${n}`).toEqual({ ok: true });
        if (m === n) expect(proof).toHaveLength(0);
      }
    }
  });

  it("rejects out-of-range indices and sizes and non-hash leaves with clear errors", () => {
    const h = hashes(4);
    expect(() => inclusionProofFromLeafHashes(h, 4)).toThrow(/index 4 is outside the tree of size 4/);
    expect(() => inclusionProofFromLeafHashes(h, -1)).toThrow(RangeError);
    expect(() => inclusionProofFromLeafHashes([], 0)).toThrow(RangeError);
    expect(() => consistencyProofFromLeafHashes(h, 0)).toThrow(/size1 0 must be within 1..4/);
    expect(() => consistencyProofFromLeafHashes(h, 5)).toThrow(RangeError);
    expect(() => rootFromLeafHashes([new Uint8Array(3)])).toThrow(/leafHashes\[0\] must be a 32-byte hash/);
    expect(() => rootFromLeaves("abc" as unknown as Uint8Array[])).toThrow(TypeError);
  });
});
