/**
 * The seam between Nethical and whatever holds keys. A {@link Signer} signs bytes with Ed25519 and tells its
 * public key; a {@link Verifier} checks a signature. One software implementation of each exists (WebCrypto,
 * software-signer.ts / verifier.ts); an HSM or KMS plugs in by implementing the same two interfaces.
 */

/** The one signature algorithm used for bundles. */
export const SIGNING_ALGORITHM = "Ed25519";

/** Signs bytes with a private key it never reveals. */
export interface Signer {
  /** Id under which consumers know the public key (e.g. "policy-2026-01"). */
  readonly keyId: string;
  readonly algorithm: "Ed25519";
  /** The 64-byte Ed25519 signature of `bytes`. */
  sign(bytes: Uint8Array): Promise<Uint8Array>;
  /** The public key as an OKP JWK `{ kty: "OKP", crv: "Ed25519", x }`. */
  publicKey(): Promise<JsonWebKey>;
}

/** Checks signatures made by one key. */
export interface Verifier {
  readonly keyId: string;
  readonly algorithm: "Ed25519";
  /** True when `signature` is a valid Ed25519 signature of `bytes` by this key; false otherwise. */
  verify(bytes: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** Key ids: 1–128 characters of `[A-Za-z0-9._:-]`. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Thrown for an unusable key or key id (wrong type, wrong curve, bad encoding). Never includes key material. */
export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SigningKeyError";
  }
}

/**
 * Check a key id, returning it.
 *
 * @example
 * checkKeyId("policy-2026-01"); // "policy-2026-01"
 */
export function checkKeyId(keyId: string): string {
  if (typeof keyId !== "string" || !KEY_ID_PATTERN.test(keyId)) {
    throw new SigningKeyError("key ids are 1–128 characters of [A-Za-z0-9._:-]");
  }
  return keyId;
}

const B64URL_32 = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/**
 * The minimal public JWK `{ kty, crv, x }` of an Ed25519 key given as a JWK (public or private: `d` and any
 * other members are dropped). Throws SigningKeyError for anything that is not an Ed25519 OKP key.
 *
 * @example
 * publicJwkOf({ kty: "OKP", crv: "Ed25519", x, d }); // { kty: "OKP", crv: "Ed25519", x }
 */
export function publicJwkOf(jwk: JsonWebKey): JsonWebKey {
  if (jwk === null || typeof jwk !== "object") throw new SigningKeyError("key must be a JWK object");
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519") {
    throw new SigningKeyError(`key must be an Ed25519 OKP JWK (got kty ${String(jwk.kty)}, crv ${String(jwk.crv)})`);
  }
  if (typeof jwk.x !== "string" || !B64URL_32.test(jwk.x)) {
    throw new SigningKeyError("JWK x must be the 32-byte public key in base64url");
  }
  return { kty: "OKP", crv: "Ed25519", x: jwk.x };
}

/**
 * WebCrypto's SubtleCrypto (workerd, Node ≥ 20, browsers), or a clear error where it is missing.
 *
 * @example
 * const key = await subtleCrypto().importKey("jwk", jwk, "Ed25519", false, ["verify"]);
 */
export function subtleCrypto(): SubtleCrypto {
  const subtle = typeof crypto === "undefined" ? undefined : crypto.subtle;
  if (subtle === undefined) throw new SigningKeyError("WebCrypto (crypto.subtle) is not available in this runtime");
  return subtle;
}
