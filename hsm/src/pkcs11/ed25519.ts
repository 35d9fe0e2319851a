/**
 * Ed25519 in PKCS#11 terms. PKCS#11 3.0 names the mechanisms; bindings written for 2.40 (pkcs11js,
 * graphene-pk11) do not, so the numbers are spelled out here. A token's public key comes back as
 * CKA_EC_POINT: a DER OCTET STRING around the 32 raw bytes (SoftHSM2, most HSMs), or the 32 bytes bare
 * (some older tokens); both are accepted, anything else is refused.
 */
import { base64UrlEncode, SigningKeyError } from "@nethical/core/signing/index.ts";

/** CKM_EC_EDWARDS_KEY_PAIR_GEN (PKCS#11 3.0). */
export const CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055;
/** CKM_EDDSA: pure Ed25519 when no parameter is given (PKCS#11 3.0). */
export const CKM_EDDSA = 0x1057;
/** CKK_EC_EDWARDS (PKCS#11 3.0). */
export const CKK_EC_EDWARDS = 0x40;

/** CKA_EC_PARAMS for Ed25519: the DER PrintableString "edwards25519" (RFC 8410 curve name form). */
export const ED25519_EC_PARAMS: Uint8Array = Uint8Array.of(0x13, 12, ...new TextEncoder().encode("edwards25519"));

/** CKA_EC_PARAMS for Ed25519 as the OID 1.3.101.112 (the other form tokens may report). */
export const ED25519_EC_PARAMS_OID: Uint8Array = Uint8Array.of(0x06, 0x03, 0x2b, 0x65, 0x70);

/**
 * True when `params` (a key's CKA_EC_PARAMS) names Ed25519, in either form.
 *
 * @example
 * isEd25519Params(ED25519_EC_PARAMS); // true
 */
export function isEd25519Params(params: Uint8Array): boolean {
  const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
  return same(params, ED25519_EC_PARAMS) || same(params, ED25519_EC_PARAMS_OID);
}

/**
 * The 32 raw public-key bytes of a CKA_EC_POINT value (DER OCTET STRING `04 20 …`, or 32 bare bytes).
 * Throws SigningKeyError for anything else.
 *
 * @example
 * rawEd25519FromEcPoint(Uint8Array.of(0x04, 0x20, ...key32)); // key32
 */
export function rawEd25519FromEcPoint(ecPoint: Uint8Array): Uint8Array {
  if (ecPoint.length === 34 && ecPoint[0] === 0x04 && ecPoint[1] === 0x20) return ecPoint.slice(2);
  if (ecPoint.length === 32) return ecPoint.slice();
  throw new SigningKeyError(`CKA_EC_POINT is not an Ed25519 point (${ecPoint.length} bytes)`);
}

/**
 * The public JWK `{ kty: "OKP", crv: "Ed25519", x }` of 32 raw Ed25519 public-key bytes.
 *
 * @example
 * ed25519JwkFromRaw(key32); // { kty: "OKP", crv: "Ed25519", x: "…43 characters…" }
 */
export function ed25519JwkFromRaw(raw: Uint8Array): JsonWebKey {
  if (raw.length !== 32) throw new SigningKeyError("a raw Ed25519 public key is 32 bytes");
  return { kty: "OKP", crv: "Ed25519", x: base64UrlEncode(raw) };
}
