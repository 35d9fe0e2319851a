/**
 * The Merkle Tree Hash and its proofs exactly as RFC 9162 §2.1 defines them, recursively over the whole
 * list of leaves: MTH(D[n]) (§2.1.1), PATH(m, D[n]) (§2.1.3.1) and PROOF(m, D[n]) (§2.1.4.1).
 *
 * O(n) per call: this is the definition, used for small trees, exports and as the independent oracle the
 * incremental `MerkleLog` is tested against. Inputs are leaf hashes (`hashLeaf(leaf)`) except in
 * {@link rootFromLeaves}.
 */
import { assertHash, emptyRootHash, hashChildren, hashLeaf } from "./hasher.ts";
import { isTreeSize, largestPowerOfTwoBelow } from "./tree-math.ts";

/** MTH(D[start:end]) for end − start ≥ 1. */
function mth(hashes: readonly Uint8Array[], start: number, end: number): Uint8Array {
  if (end - start === 1) return hashes[start] as Uint8Array;
  const k = largestPowerOfTwoBelow(end - start);
  return hashChildren(mth(hashes, start, start + k), mth(hashes, start + k, end));
}

function checkHashes(leafHashes: readonly Uint8Array[], fn: string): void {
  if (!Array.isArray(leafHashes)) throw new TypeError(`${fn}: leafHashes must be an array`);
  leafHashes.forEach((h, i) => assertHash(h, `${fn}: leafHashes[${i}]`));
}

/**
 * MTH of already-hashed leaves; the empty list gives SHA-256("").
 *
 * @example
 * rootFromLeafHashes([hashLeaf(a), hashLeaf(b)]); // hashChildren(hashLeaf(a), hashLeaf(b))
 */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  checkHashes(leafHashes, "rootFromLeafHashes");
  return leafHashes.length === 0 ? emptyRootHash() : mth(leafHashes, 0, leafHashes.length);
}

/**
 * MTH of raw leaf entries (each hashed with {@link hashLeaf} first).
 *
 * @example
 * rootFromLeaves([]); // SHA-256(""), the empty tree
 * rootFromLeaves([new TextEncoder().encode("event 0")]); // hashLeaf of that entry
 */
export function rootFromLeaves(leaves: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(leaves)) throw new TypeError("rootFromLeaves: leaves must be an array");
  return rootFromLeafHashes(leaves.map((leaf) => hashLeaf(leaf)));
}

/** PATH(m, D[start:end]), appended to `out` deepest sibling first. */
function path(hashes: readonly Uint8Array[], m: number, start: number, end: number, out: Uint8Array[]): void {
  if (end - start === 1) return;
  const k = largestPowerOfTwoBelow(end - start);
  if (m < k) {
    path(hashes, m, start, start + k, out);
    out.push(mth(hashes, start + k, end));
  } else {
    path(hashes, m - k, start + k, end, out);
    out.push(mth(hashes, start, start + k));
  }
}

/**
 * The inclusion proof PATH(index, D[n]) of leaf `index` in the tree of all `leafHashes` (n = length).
 *
 * @example
 * inclusionProofFromLeafHashes([h0, h1, h2], 2); // [hashChildren(h0, h1)]
 */
export function inclusionProofFromLeafHashes(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  checkHashes(leafHashes, "inclusionProofFromLeafHashes");
  if (!(isTreeSize(index) && index < leafHashes.length)) {
    throw new RangeError(`inclusionProofFromLeafHashes: index ${index} is outside the tree of size ${leafHashes.length}`);
  }
  const out: Uint8Array[] = [];
  path(leafHashes, index, 0, leafHashes.length, out);
  return out;
}

/** SUBPROOF(m, D[start:end], b), appended to `out` deepest node first. */
function subproof(hashes: readonly Uint8Array[], m: number, start: number, end: number, whole: boolean, out: Uint8Array[]): void {
  const n = end - start;
  if (m === n) {
    if (!whole) out.push(mth(hashes, start, end));
    return;
  }
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) {
    subproof(hashes, m, start, start + k, whole, out);
    out.push(mth(hashes, start + k, end));
  } else {
    subproof(hashes, m - k, start + k, end, false, out);
    out.push(mth(hashes, start, start + k));
  }
}

/**
 * The consistency proof PROOF(size1, D[n]) between the first `size1` leaves and all `leafHashes`
 * (0 < size1 ≤ n; empty when size1 = n).
 *
 * @example
 * consistencyProofFromLeafHashes([h0, h1, h2], 2); // [h2]
 */
export function consistencyProofFromLeafHashes(leafHashes: readonly Uint8Array[], size1: number): Uint8Array[] {
  checkHashes(leafHashes, "consistencyProofFromLeafHashes");
  if (!(isTreeSize(size1) && size1 >= 1 && size1 <= leafHashes.length)) {
    throw new RangeError(`consistencyProofFromLeafHashes: size1 ${size1} must be within 1..${leafHashes.length}`);
  }
  const out: Uint8Array[] = [];
  subproof(leafHashes, size1, 0, leafHashes.length, true, out);
  return out;
}
