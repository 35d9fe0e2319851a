/**
 * Consistency proof verification, RFC 9162 §2.1.4.2: is the tree of `size2` leaves with root `root2` an
 * append-only extension of the tree of `size1` leaves with root `root1`?
 *
 * Around the RFC algorithm (defined for 0 < size1 < size2) the edge cases follow the transparency-dev test
 * vectors: size1 > size2 is rejected; size1 = 0 is rejected (a proof from the empty tree proves nothing);
 * size1 = size2 > 0 holds exactly when the proof is empty and the two roots are the same bytes.
 */
import { bytesEqual, hashChildren, isMerkleHash, MERKLE_HASH_SIZE } from "./hasher.ts";
import { isPowerOfTwo, isTreeSize } from "./tree-math.ts";
import { rejected, verified, type Verification } from "./verification.ts";
import { proofShapeProblem } from "./verify-inclusion.ts";

/** What a consistency proof claims. */
export interface ConsistencyClaim {
  /** Size of the older tree. */
  readonly size1: number;
  /** Size of the newer tree. */
  readonly size2: number;
  /** Root hash of the older tree. */
  readonly root1: Uint8Array;
  /** Root hash of the newer tree. */
  readonly root2: Uint8Array;
  /** PROOF(size1, D[size2]), as served by `MerkleLog.consistencyProof`. */
  readonly proof: readonly Uint8Array[];
}

/**
 * Verify a consistency proof (RFC 9162 §2.1.4.2). Never throws on bad input.
 *
 * @example
 * verifyConsistency({ size1: 3, size2: log.size, root1: oldHead, root2: log.root(),
 *   proof: log.consistencyProof(3) }); // { ok: true }
 */
export function verifyConsistency(claim: ConsistencyClaim): Verification {
  const { size1, size2, root1, root2, proof } = claim;
  if (!isTreeSize(size1)) return rejected(`size1 ${String(size1)} is not a non-negative safe integer`);
  if (!isTreeSize(size2)) return rejected(`size2 ${String(size2)} is not a non-negative safe integer`);
  if (size1 > size2) return rejected(`size1 ${size1} is larger than size2 ${size2}: a log never shrinks`);
  if (size1 === 0) return rejected("size1 is 0: consistency with the empty tree proves nothing");
  const shape = proofShapeProblem(proof);
  if (shape !== undefined) return rejected(shape);
  if (!(root1 instanceof Uint8Array && root2 instanceof Uint8Array)) return rejected("roots must be byte arrays");
  if (size1 === size2) {
    if (proof.length > 0) return rejected(`sizes are equal (${size1}) but the proof is not empty`);
    return bytesEqual(root1, root2) ? verified() : rejected(`sizes are equal (${size1}) but the roots differ`);
  }
  if (!isMerkleHash(root1)) return rejected(`root1 is not a ${MERKLE_HASH_SIZE}-byte hash`);
  if (!isMerkleHash(root2)) return rejected(`root2 is not a ${MERKLE_HASH_SIZE}-byte hash`);
  if (proof.length === 0) return rejected(`the proof from size ${size1} to ${size2} is empty`);

  // Step 2: when size1 is a power of two, root1 is itself the first node of the path.
  const seeded = isPowerOfTwo(size1);
  const count = proof.length + (seeded ? 1 : 0);
  const node = (i: number): Uint8Array => (seeded ? (i === 0 ? root1 : proof[i - 1]!) : proof[i]!);

  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr = node(0);
  let sr = fr;
  for (let i = 1; i < count; i++) {
    const c = node(i);
    if (sn === 0) return rejected(`proof has more nodes than sizes ${size1} → ${size2} need`);
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return rejected(`proof is missing nodes for sizes ${size1} → ${size2}`);
  if (!bytesEqual(fr, root1)) return rejected("the proof does not reproduce root1");
  if (!bytesEqual(sr, root2)) return rejected("the proof does not reproduce root2");
  return verified();
}
