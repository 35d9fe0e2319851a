/**
 * The software {@link Verifier}: Ed25519 signature checks through WebCrypto, with the public key imported
 * once per verifier.
 */
import { checkKeyId, publicJwkOf, SigningKeyError, subtleCrypto, type Verifier } from "./keys.ts";
import { bufferSource } from "../util/buffer-source.ts";

/** Ed25519 signatures are exactly 64 bytes. */
export const ED25519_SIGNATURE_BYTES = 64;

/**
 * Import an Ed25519 public key from a JWK or its 32 raw bytes.
 *
 * @example
 * const key = await importPublicKey({ kty: "OKP", crv: "Ed25519", x });
 */
export async function importPublicKey(key: JsonWebKey | Uint8Array): Promise<CryptoKey> {
  const subtle = subtleCrypto();
  try {
    if (key instanceof Uint8Array) {
      if (key.length !== 32) throw new SigningKeyError("a raw Ed25519 public key is 32 bytes");
      return await subtle.importKey("raw", bufferSource(key), "Ed25519", true, ["verify"]);
    }
    return await subtle.importKey("jwk", publicJwkOf(key), "Ed25519", true, ["verify"]);
  } catch (error) {
    if (error instanceof SigningKeyError) throw error;
    throw new SigningKeyError("not a usable Ed25519 public key");
  }
}

/**
 * A verifier for one public key (JWK or raw 32 bytes), imported lazily once.
 *
 * @example
 * const verifier = createVerifier("policy-2026-01", publicJwk);
 * await verifier.verify(bytes, signature); // true / false
 */
export function createVerifier(keyId: string, publicKey: JsonWebKey | Uint8Array): Verifier {
  checkKeyId(keyId);
  if (publicKey instanceof Uint8Array) {
    if (publicKey.length !== 32) throw new SigningKeyError("a raw Ed25519 public key is 32 bytes");
  } else publicJwkOf(publicKey);
  let imported: Promise<CryptoKey> | undefined;
  return {
    keyId,
    algorithm: "Ed25519",
    async verify(bytes: Uint8Array, signature: Uint8Array): Promise<boolean> {
      if (!(signature instanceof Uint8Array) || signature.length !== ED25519_SIGNATURE_BYTES) return false;
      imported ??= importPublicKey(publicKey);
      return subtleCrypto().verify("Ed25519", await imported, bufferSource(signature), bufferSource(bytes));
    },
  };
}

/**
 * Verify one signature against a public JWK: true when valid, false when not (wrong key, tampered bytes,
 * malformed signature). Throws SigningKeyError only when the key itself is unusable.
 *
 * @example
 * await verifySignature(publicJwk, new TextEncoder().encode("hello"), signature); // true
 */
export async function verifySignature(publicKeyJwk: JsonWebKey, bytes: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const key = await importPublicKey(publicKeyJwk);
  if (!(signature instanceof Uint8Array) || signature.length !== ED25519_SIGNATURE_BYTES) return false;
  return subtleCrypto().verify("Ed25519", key, bufferSource(signature), bufferSource(bytes));
}
