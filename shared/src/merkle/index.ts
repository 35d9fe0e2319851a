/**
 * RFC 6962 / RFC 9162 Merkle transparency log primitives: hashing (sync pure-JS SHA-256 and WebCrypto),
 * the recursive tree definitions, proof verification, the incremental `MerkleLog` sequencer over a
 * synchronous node store, and Ed25519-signed tree heads. Pure: no I/O, no clock, no randomness.
 */
export { SHA256_SIZE, sha256Sync, sha256SyncParts } from "./sha256.ts";
export { hashChildrenWebCrypto, hashLeafWebCrypto, sha256WebCrypto } from "./webcrypto-hash.ts";
export {
  emptyRootHash,
  hashChildren,
  hashLeaf,
  isMerkleHash,
  LEAF_HASH_PREFIX,
  MERKLE_HASH_SIZE,
  NODE_HASH_PREFIX,
} from "./hasher.ts";
export { base64Decode, base64Encode } from "./base64.ts";
export {
  consistencyProofFromLeafHashes,
  inclusionProofFromLeafHashes,
  rootFromLeafHashes,
  rootFromLeaves,
} from "./reference-tree.ts";
export type { Verification } from "./verification.ts";
export { MAX_PROOF_NODES, verifyInclusion, type InclusionClaim } from "./verify-inclusion.ts";
export { verifyConsistency, type ConsistencyClaim } from "./verify-consistency.ts";
export {
  decodeTreeSize,
  encodeTreeSize,
  MemoryNodeStore,
  MERKLE_SIZE_KEY,
  merkleNodeKey,
  type MerkleNodeStore,
} from "./node-store.ts";
export { MerkleLog } from "./merkle-log.ts";
export { treeHeadBytes, treeHeadShapeProblem, verifyTreeHeadSignature, type SignedTreeHeadFields, type TreeHeadFields } from "./tree-head-bytes.ts";
export {
  LOG_ID_PATTERN,
  signTreeHead,
  TREE_HEAD_HEADER,
  TreeHeadSchema,
  treeHeadSigningBytes,
  unsignedTreeHead,
  UnsignedTreeHeadSchema,
  verifyTreeHead,
  type TreeHead,
  type UnsignedTreeHead,
} from "./tree-head.ts";
