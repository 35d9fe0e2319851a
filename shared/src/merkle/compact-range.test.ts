import { describe, expect, it } from "vitest";
import { compactRangeRoot, loadCompactRange, pushLeaf, type CompactRange } from "./compact-range.ts";
import { hashLeaf } from "./hasher.ts";
import { rootFromLeafHashes } from "./reference-tree.ts";

const leafHashes = Array.from({ length: 16 }, (_, i) => hashLeaf(Uint8Array.of(i)));

describe("compact range", () => {
  it("merges like a binary carry: appending leaf 3 completes n:1:1 and n:2:0", () => {
    const range: CompactRange = [];
    const writes: string[] = [];
    leafHashes.slice(0, 4).forEach((h, i) => pushLeaf(range, i, h, (level, index) => writes.push(`n:${level}:${index}`)));
    expect(writes).toEqual(["n:0:0", "n:0:1", "n:1:0", "n:0:2", "n:0:3", "n:1:1", "n:2:0"]);
    expect(Array.from(range, (h) => h !== undefined)).toEqual([false, false, true]);
  });

  it("holds one subtree per set bit of the size and gives the root without reads", () => {
    const range: CompactRange = [];
    for (let size = 0; size < 16; size++) {
      expect(Buffer.from(compactRangeRoot(range, size)).toString("hex"), `size ${size}`).toBe(
        Buffer.from(rootFromLeafHashes(leafHashes.slice(0, size))).toString("hex"),
      );
      const bits = size.toString(2).split("").reverse().map((b) => b === "1");
      expect(Array.from(range, (h) => h !== undefined).concat(Array(bits.length).fill(false)).slice(0, bits.length)).toEqual(bits);
      pushLeaf(range, size, leafHashes[size] as Uint8Array, () => {});
    }
  });

  it("loads from stored nodes with one read per set bit: 13 = 8 + 4 + 1", () => {
    const reads: string[] = [];
    const range = loadCompactRange((level, index) => {
      reads.push(`n:${level}:${index}`);
      return new Uint8Array(32);
    }, 13);
    expect(reads).toEqual(["n:0:12", "n:2:2", "n:3:0"]);
    expect(Array.from(range, (h) => h !== undefined)).toEqual([true, false, true, true]);
  });
});
