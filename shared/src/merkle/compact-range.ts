/**
 * The compact range of a tree of `size` leaves: the roots of the perfect subtrees its size decomposes
 * into (one per set bit of `size`, e.g. 13 = 8 + 4 + 1). It is all a sequencer needs in memory to append
 * and to know the current root; appending a leaf merges equal-sized subtrees like a binary carry.
 */
import { hashChildren } from "./hasher.ts";
import { rootFromNodes, type NodeReader } from "./node-proofs.ts";

/** range[L] is the root of the 2^L-leaf subtree in the decomposition when bit L of the size is set. */
export type CompactRange = (Uint8Array | undefined)[];

/** Receives each perfect subtree hash completed by an append (level, index within the level, hash). */
export type NodeWriter = (level: number, index: number, hash: Uint8Array) => void;

/**
 * Read the compact range of `size` from stored nodes: one read per set bit of `size`.
 *
 * @example
 * loadCompactRange(read, 13); // [n:0:12, undefined, n:2:2, n:3:0]
 */
export function loadCompactRange(read: NodeReader, size: number): CompactRange {
  const range: CompactRange = [];
  for (let level = 0, width = 1; width <= size; level++, width *= 2) {
    const count = Math.floor(size / width);
    if (count % 2 === 1) range[level] = read(level, count - 1);
  }
  return range;
}

/**
 * Append leaf number `size` to the range in place, writing the leaf hash and every subtree it completes.
 *
 * @example
 * pushLeaf(range, 3, hashLeaf(entry), write); // writes n:0:3, n:1:1, n:2:0; range becomes [, , n:2:0]
 */
export function pushLeaf(range: CompactRange, size: number, leafHash: Uint8Array, write: NodeWriter): void {
  let index = size;
  let level = 0;
  let carry = leafHash;
  write(0, index, leafHash);
  while (index % 2 === 1) {
    carry = hashChildren(range[level] as Uint8Array, carry);
    range[level] = undefined;
    index = (index - 1) / 2;
    level++;
    write(level, index, carry);
  }
  range[level] = carry;
}

/**
 * The root of the tree the range describes (no reads); SHA-256("") for size 0.
 *
 * @example
 * compactRangeRoot(range, 13); // hashChildren(n:3:0, hashChildren(n:2:2, n:0:12))
 */
export function compactRangeRoot(range: CompactRange, size: number): Uint8Array {
  return rootFromNodes((level) => range[level] as Uint8Array, size);
}
