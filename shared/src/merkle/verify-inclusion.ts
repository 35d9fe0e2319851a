/**
 * Inclusion proof verification, RFC 9162 §2.1.3.2: does the leaf with hash `leafHash` sit at `leafIndex`
 * in the tree of `treeSize` leaves whose root is `rootHash`? Every malformed input is rejected with a
 * reason (index ≥ size, size 0, wrong hash lengths, extra or missing proof nodes, any modified bit).
 */
import { bytesEqual, hashChildren, isMerkleHash, MERKLE_HASH_SIZE } from "./hasher.ts";
import { isTreeSize } from "./tree-math.ts";
import { rejected, verified, type Verification } from "./verification.ts";

/** What an inclusion proof claims. */
export interface InclusionClaim {
  /** 0-based index of the leaf. */
  readonly leafIndex: number;
  /** Number of leaves in the tree the proof is for. */
  readonly treeSize: number;
  /** The leaf hash, SHA-256(0x00 ‖ entry). */
  readonly leafHash: Uint8Array;
  /** The audit path, deepest sibling first, as served by `MerkleLog.inclusionProof`. */
  readonly proof: readonly Uint8Array[];
  /** The root hash of that tree (from a verified signed tree head). */
  readonly rootHash: Uint8Array;
}

/** No honest proof has more nodes than a 2^64-leaf tree is deep; longer input is rejected before hashing. */
export const MAX_PROOF_NODES = 64;

/**
 * Check the shape of proof nodes: an array of at most {@link MAX_PROOF_NODES} 32-byte hashes.
 * Returns a reason, or undefined when well formed.
 *
 * @example
 * proofShapeProblem([new Uint8Array(32)]); // undefined
 * proofShapeProblem([new Uint8Array(0)]); // "proof[0] is not a 32-byte hash (0 bytes)"
 */
export function proofShapeProblem(proof: unknown): string | undefined {
  if (!Array.isArray(proof)) return "proof is not an array of hashes";
  if (proof.length > MAX_PROOF_NODES) return `proof has ${proof.length} nodes, more than any tree needs`;
  for (let i = 0; i < proof.length; i++) {
    const node: unknown = proof[i];
    if (!isMerkleHash(node)) {
      const got = node instanceof Uint8Array ? `${node.length} bytes` : typeof node;
      return `proof[${i}] is not a ${MERKLE_HASH_SIZE}-byte hash (${got})`;
    }
  }
  return undefined;
}

/**
 * Verify an inclusion proof (RFC 9162 §2.1.3.2). Never throws on bad input.
 *
 * @example
 * const log = new MerkleLog(new MemoryNodeStore());
 * const i = log.append(new TextEncoder().encode("event"));
 * verifyInclusion({ leafIndex: i, treeSize: log.size, leafHash: log.leafHash(i),
 *   proof: log.inclusionProof(i), rootHash: log.root() }); // { ok: true }
 */
export function verifyInclusion(claim: InclusionClaim): Verification {
  const { leafIndex, treeSize, leafHash, proof, rootHash } = claim;
  if (!isTreeSize(treeSize)) return rejected(`tree size ${String(treeSize)} is not a non-negative safe integer`);
  if (!isTreeSize(leafIndex)) return rejected(`leaf index ${String(leafIndex)} is not a non-negative safe integer`);
  if (leafIndex >= treeSize) return rejected(`leaf index ${leafIndex} is not below tree size ${treeSize}`);
  if (!isMerkleHash(leafHash)) return rejected(`leaf hash is not a ${MERKLE_HASH_SIZE}-byte hash`);
  if (!isMerkleHash(rootHash)) return rejected(`root hash is not a ${MERKLE_HASH_SIZE}-byte hash`);
  const shape = proofShapeProblem(proof);
  if (shape !== undefined) return rejected(shape);

  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return rejected(`proof has more nodes than a tree of size ${treeSize} needs for leaf ${leafIndex}`);
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return rejected(`proof is missing nodes for leaf ${leafIndex} in a tree of size ${treeSize}`);
  if (!bytesEqual(r, rootHash)) return rejected("the root computed from the proof does not match the root hash");
  return verified();
}
