/**
 * RFC 6962 / RFC 9162 §2.1.1 Merkle tree hashing with SHA-256, synchronous:
 *
 * - leaf hash  = SHA-256(0x00 ‖ leaf bytes)
 * - node hash  = SHA-256(0x01 ‖ left ‖ right)
 * - empty tree = SHA-256("")
 *
 * The distinct prefixes (domain separation) stop a leaf from being passed off as an interior node
 * (second-preimage attack). The WebCrypto variants live in `webcrypto-hash.ts`.
 */
import { SHA256_SIZE, sha256Begin, sha256Finish, sha256Update, sha256UpdateByte } from "./sha256.ts";

/** Bytes in every Merkle hash (SHA-256). */
export const MERKLE_HASH_SIZE = SHA256_SIZE;
/** Domain-separation prefix of a leaf hash. */
export const LEAF_HASH_PREFIX = 0x00;
/** Domain-separation prefix of an interior node hash. */
export const NODE_HASH_PREFIX = 0x01;

// SHA-256("") = e3b0c442…b855, the root of the empty tree.
const EMPTY_ROOT = new Uint8Array([
  0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
  0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
]);

/**
 * The root hash of the empty tree, SHA-256(""), as a fresh copy.
 *
 * @example
 * emptyRootHash().length; // 32
 */
export function emptyRootHash(): Uint8Array {
  return EMPTY_ROOT.slice();
}

/**
 * The RFC 6962 leaf hash SHA-256(0x00 ‖ leaf).
 *
 * @example
 * hashLeaf(new Uint8Array(0)); // 6e340b9c…a01d, base64 "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="
 */
export function hashLeaf(leaf: Uint8Array): Uint8Array {
  if (!(leaf instanceof Uint8Array)) throw new TypeError("hashLeaf: leaf must be a Uint8Array");
  sha256Begin();
  sha256UpdateByte(LEAF_HASH_PREFIX);
  sha256Update(leaf);
  return sha256Finish();
}

/**
 * The RFC 6962 interior node hash SHA-256(0x01 ‖ left ‖ right). Both children must be 32-byte hashes.
 *
 * @example
 * hashChildren(hashLeaf(a), hashLeaf(b)); // the root of the two-leaf tree [a, b]
 */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  assertHash(left, "hashChildren: left");
  assertHash(right, "hashChildren: right");
  sha256Begin();
  sha256UpdateByte(NODE_HASH_PREFIX);
  sha256Update(left);
  sha256Update(right);
  return sha256Finish();
}

/**
 * Whether `value` is a 32-byte Merkle hash.
 *
 * @example
 * isMerkleHash(new Uint8Array(32)); // true
 * isMerkleHash(new Uint8Array(31)); // false
 */
export function isMerkleHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === MERKLE_HASH_SIZE;
}

/**
 * Throw a clear TypeError unless `value` is a 32-byte hash.
 *
 * @example
 * assertHash(hashLeaf(new Uint8Array(0)), "leaf hash"); // passes
 */
export function assertHash(value: unknown, what: string): asserts value is Uint8Array {
  if (!isMerkleHash(value)) {
    const got = value instanceof Uint8Array ? `${value.length} bytes` : typeof value;
    throw new TypeError(`${what} must be a ${MERKLE_HASH_SIZE}-byte hash, got ${got}`);
  }
}

/**
 * Constant-length byte equality (compares every byte; length mismatch is simply unequal).
 *
 * @example
 * bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])); // true
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
