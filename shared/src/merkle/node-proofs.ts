/**
 * Roots and proofs computed from stored perfect-subtree hashes instead of from all leaves: the same
 * answers as the recursive definitions in `reference-tree.ts`, in O(log n) node reads.
 *
 * Every range the RFC 9162 recursion visits, D[a:b], starts at a multiple of a power of two ≥ b − a, so
 * it splits greedily into perfect subtrees of strictly decreasing size (the binary digits of b − a);
 * its MTH is those subtree hashes folded from the right. A left range D[a:a+k] is itself one perfect
 * subtree (one read); only the first right-hand range along a path may need several reads.
 */
import { emptyRootHash, hashChildren } from "./hasher.ts";
import { floorLog2, largestPowerOfTwoBelow, trailingZeros } from "./tree-math.ts";

/** Reads the hash of the perfect subtree of 2^level leaves at position `index` within its level. */
export type NodeReader = (level: number, index: number) => Uint8Array;

/**
 * MTH(D[start:end]) for a range of the RFC recursion (see the module comment), end > start.
 *
 * @example
 * rangeHash(read, 0, 8); // one read: the level-3 node 0
 * rangeHash(read, 8, 13); // reads n:2:2 and n:0:12, returns hashChildren(n:2:2, n:0:12)
 */
export function rangeHash(read: NodeReader, start: number, end: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let pos = start;
  let previousWidth = Infinity;
  while (pos < end) {
    let level = floorLog2(end - pos);
    if (pos > 0) level = Math.min(level, trailingZeros(pos));
    const width = 2 ** level;
    if (width >= previousWidth) throw new Error(`rangeHash: [${start}, ${end}) is not a range of the Merkle recursion`);
    parts.push(read(level, pos / width));
    previousWidth = width;
    pos += width;
  }
  let acc = parts[parts.length - 1];
  if (acc === undefined) throw new Error(`rangeHash: empty range [${start}, ${end})`);
  for (let i = parts.length - 2; i >= 0; i--) acc = hashChildren(parts[i]!, acc);
  return acc;
}

/**
 * MTH(D[0:size]) from stored nodes; SHA-256("") for size 0.
 *
 * @example
 * rootFromNodes(read, 13); // hashChildren(n:3:0, hashChildren(n:2:2, n:0:12))
 */
export function rootFromNodes(read: NodeReader, size: number): Uint8Array {
  return size === 0 ? emptyRootHash() : rangeHash(read, 0, size);
}

/**
 * PATH(index, D[0:size]) from stored nodes, deepest sibling first. Caller checks index < size.
 *
 * @example
 * inclusionProofFromNodes(read, 2, 3); // [n:1:0]
 */
export function inclusionProofFromNodes(read: NodeReader, index: number, size: number): Uint8Array[] {
  const proof: Uint8Array[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (index < start + k) {
      proof.push(rangeHash(read, start + k, end));
      end = start + k;
    } else {
      proof.push(rangeHash(read, start, start + k));
      start += k;
    }
  }
  return proof.reverse();
}

/**
 * PROOF(size1, D[0:size2]) from stored nodes, in RFC order. Caller checks 0 < size1 ≤ size2.
 *
 * @example
 * consistencyProofFromNodes(read, 2, 3); // [n:0:2]
 */
export function consistencyProofFromNodes(read: NodeReader, size1: number, size2: number): Uint8Array[] {
  const proof: Uint8Array[] = [];
  let m = size1;
  let start = 0;
  let end = size2;
  let whole = true;
  while (m !== end - start) {
    const k = largestPowerOfTwoBelow(end - start);
    if (m <= k) {
      proof.push(rangeHash(read, start + k, end));
      end = start + k;
    } else {
      proof.push(rangeHash(read, start, start + k));
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) proof.push(rangeHash(read, start, end));
  return proof.reverse();
}
