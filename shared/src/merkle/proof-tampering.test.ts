/**
 * Property tests: for random logs and random sizes, the proofs MerkleLog serves verify against roots
 * computed independently from the raw entries (the recursive definition), and changing any byte of a
 * proof node, root or leaf hash — or adding or dropping a proof node — makes verification fail.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MerkleLog } from "./merkle-log.ts";
import { MemoryNodeStore } from "./node-store.ts";
import { rootFromLeaves } from "./reference-tree.ts";
import { hashLeaf } from "./hasher.ts";
import { verifyConsistency } from "./verify-consistency.ts";
import { verifyInclusion } from "./verify-inclusion.ts";

const entries = fc.array(fc.uint8Array({ maxLength: 48 }), { minLength: 1, maxLength: 300 });
const mask = fc.integer({ min: 1, max: 255 });
const node32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

function logOf(leaves: readonly Uint8Array[]): MerkleLog {
  const log = new MerkleLog(new MemoryNodeStore());
  log.appendAll(leaves);
  return log;
}

/** Copy of `hash` with byte `at` XOR `m` (m ≠ 0, so it always differs). */
function flipped(hash: Uint8Array, at: number, m: number): Uint8Array {
  const copy = hash.slice();
  copy[at] = (copy[at] as number) ^ m;
  return copy;
}

/** Copy of `list` with element `i` replaced. */
const replaced = (list: readonly Uint8Array[], i: number, value: Uint8Array) => list.map((x, j) => (j === i ? value : x));

describe("inclusion proofs from MerkleLog", () => {
  // @req SAFETY-P4
  it("verify against independent roots, and fail when any byte or node is changed", () => {
    fc.assert(
      fc.property(entries, fc.nat(), fc.nat(), mask, node32, (leaves, a, b, m, extra) => {
        const log = logOf(leaves);
        const treeSize = 1 + (a % leaves.length);
        const leafIndex = b % treeSize;
        const claim = {
          leafIndex,
          treeSize,
          leafHash: hashLeaf(leaves[leafIndex] as Uint8Array),
          proof: log.inclusionProof(leafIndex, treeSize),
          rootHash: rootFromLeaves(leaves.slice(0, treeSize)),
        };
        expect(verifyInclusion(claim)).toEqual({ ok: true });
        for (let at = 0; at < 32; at++) {
          expect(verifyInclusion({ ...claim, leafHash: flipped(claim.leafHash, at, m) }).ok).toBe(false);
          expect(verifyInclusion({ ...claim, rootHash: flipped(claim.rootHash, at, m) }).ok).toBe(false);
          claim.proof.forEach((node, i) => {
            expect(verifyInclusion({ ...claim, proof: replaced(claim.proof, i, flipped(node, at, m)) }).ok).toBe(false);
          });
        }
        expect(verifyInclusion({ ...claim, proof: [extra, ...claim.proof] }).ok).toBe(false);
        expect(verifyInclusion({ ...claim, proof: [...claim.proof, extra] }).ok).toBe(false);
        if (claim.proof.length > 0) {
          expect(verifyInclusion({ ...claim, proof: claim.proof.slice(1) }).ok).toBe(false);
          expect(verifyInclusion({ ...claim, proof: claim.proof.slice(0, -1) }).ok).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("consistency proofs from MerkleLog", () => {
  it("verify against independent roots, and fail when any byte or node is changed", () => {
    fc.assert(
      fc.property(entries, fc.nat(), fc.nat(), mask, node32, (leaves, a, b, m, extra) => {
        const log = logOf(leaves);
        const size2 = 1 + (a % leaves.length);
        const size1 = 1 + (b % size2);
        const claim = {
          size1,
          size2,
          root1: rootFromLeaves(leaves.slice(0, size1)),
          root2: rootFromLeaves(leaves.slice(0, size2)),
          proof: log.consistencyProof(size1, size2),
        };
        expect(verifyConsistency(claim)).toEqual({ ok: true });
        for (let at = 0; at < 32; at++) {
          expect(verifyConsistency({ ...claim, root1: flipped(claim.root1, at, m) }).ok).toBe(false);
          expect(verifyConsistency({ ...claim, root2: flipped(claim.root2, at, m) }).ok).toBe(false);
          claim.proof.forEach((node, i) => {
            expect(verifyConsistency({ ...claim, proof: replaced(claim.proof, i, flipped(node, at, m)) }).ok).toBe(false);
          });
        }
        expect(verifyConsistency({ ...claim, proof: [extra, ...claim.proof] }).ok).toBe(false);
        expect(verifyConsistency({ ...claim, proof: [...claim.proof, extra] }).ok).toBe(false);
        if (claim.proof.length > 0) {
          expect(verifyConsistency({ ...claim, proof: claim.proof.slice(1) }).ok).toBe(false);
          expect(verifyConsistency({ ...claim, proof: claim.proof.slice(0, -1) }).ok).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });
});
