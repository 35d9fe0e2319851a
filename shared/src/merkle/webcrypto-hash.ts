/**
 * The RFC 6962 hashes through WebCrypto (`crypto.subtle.digest`), available in workerd and Node ≥ 20.
 * Same results as the synchronous `hasher.ts`; use these where the platform's native SHA-256 is wanted
 * and an `await` per hash is acceptable (the bench compares the two).
 */
import { assertHash, LEAF_HASH_PREFIX, NODE_HASH_PREFIX } from "./hasher.ts";
import { bufferSource } from "../util/buffer-source.ts";

function subtle(): SubtleCrypto {
  const s = typeof crypto === "undefined" ? undefined : crypto.subtle;
  if (s === undefined) throw new Error("WebCrypto (globalThis.crypto.subtle) is not available");
  return s;
}

/**
 * SHA-256 of bytes through WebCrypto.
 *
 * @example
 * await sha256WebCrypto(new TextEncoder().encode("abc")); // ba7816bf…15ad as bytes
 */
export async function sha256WebCrypto(data: Uint8Array): Promise<Uint8Array> {
  if (!(data instanceof Uint8Array)) throw new TypeError("sha256WebCrypto: data must be a Uint8Array");
  return new Uint8Array(await subtle().digest("SHA-256", bufferSource(data)));
}

/**
 * The RFC 6962 leaf hash SHA-256(0x00 ‖ leaf) through WebCrypto.
 *
 * @example
 * await hashLeafWebCrypto(new Uint8Array(0)); // equals hashLeaf(new Uint8Array(0))
 */
export async function hashLeafWebCrypto(leaf: Uint8Array): Promise<Uint8Array> {
  if (!(leaf instanceof Uint8Array)) throw new TypeError("hashLeafWebCrypto: leaf must be a Uint8Array");
  const input = new Uint8Array(leaf.length + 1);
  input[0] = LEAF_HASH_PREFIX;
  input.set(leaf, 1);
  return sha256WebCrypto(input);
}

/**
 * The RFC 6962 node hash SHA-256(0x01 ‖ left ‖ right) through WebCrypto.
 *
 * @example
 * await hashChildrenWebCrypto(left, right); // equals hashChildren(left, right)
 */
export async function hashChildrenWebCrypto(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  assertHash(left, "hashChildrenWebCrypto: left");
  assertHash(right, "hashChildrenWebCrypto: right");
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = NODE_HASH_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256WebCrypto(input);
}
