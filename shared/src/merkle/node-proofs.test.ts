import { describe, expect, it } from "vitest";
import { hashChildren, hashLeaf } from "./hasher.ts";
import { inclusionProofFromNodes, rangeHash, type NodeReader } from "./node-proofs.ts";
import { rootFromLeafHashes } from "./reference-tree.ts";

const leaves = Array.from({ length: 16 }, (_, i) => hashLeaf(Uint8Array.of(i)));
/** A reader that computes each perfect subtree from the leaves and records the keys it was asked for. */
function reader(reads: string[]): NodeReader {
  return (level, index) => {
    reads.push(`n:${level}:${index}`);
    const width = 2 ** level;
    return rootFromLeafHashes(leaves.slice(index * width, (index + 1) * width));
  };
}

describe("proofs from stored perfect subtrees", () => {
  it("hashes a recursion range from its binary decomposition: [8, 13) = 4 + 1", () => {
    const reads: string[] = [];
    const expected = hashChildren(rootFromLeafHashes(leaves.slice(8, 12)), leaves[12] as Uint8Array);
    expect(rangeHash(reader(reads), 8, 13)).toEqual(expected);
    expect(reads).toEqual(["n:2:2", "n:0:12"]);
  });

  it("refuses ranges the RFC recursion never visits instead of returning a wrong hash", () => {
    expect(() => rangeHash(reader([]), 1, 4)).toThrow(/\[1, 4\) is not a range of the Merkle recursion/);
    expect(() => rangeHash(reader([]), 5, 5)).toThrow(/empty range/);
  });

  it("reads only the sibling subtrees: leaf 12 of 13 needs 2 reads", () => {
    const reads: string[] = [];
    expect(inclusionProofFromNodes(reader(reads), 12, 13)).toHaveLength(2);
    expect(reads).toEqual(["n:3:0", "n:2:2"]);
  });
});
