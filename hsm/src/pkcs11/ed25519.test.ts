import { describe, expect, it } from "vitest";
import { base64UrlDecode, SigningKeyError } from "@nethical/core";
import { ED25519_EC_PARAMS, ED25519_EC_PARAMS_OID, ed25519JwkFromRaw, isEd25519Params, rawEd25519FromEcPoint } from "./ed25519.ts";

const raw = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

describe("Ed25519 in PKCS#11 encodings", () => {
  it("reads CKA_EC_POINT as a DER OCTET STRING or as 32 bare bytes, and nothing else", () => {
    expect(rawEd25519FromEcPoint(Uint8Array.of(0x04, 0x20, ...raw))).toEqual(raw);
    expect(rawEd25519FromEcPoint(raw)).toEqual(raw);
    expect(() => rawEd25519FromEcPoint(Uint8Array.of(0x04, 0x41, ...new Uint8Array(65)))).toThrow(SigningKeyError); // a P-256 point
    expect(() => rawEd25519FromEcPoint(Uint8Array.of(0x03, 0x20, ...raw))).toThrow(SigningKeyError);
  });

  it("makes the public JWK of the raw key", () => {
    const jwk = ed25519JwkFromRaw(raw);
    expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    expect(base64UrlDecode(jwk.x as string)).toEqual(raw);
    expect(() => ed25519JwkFromRaw(raw.subarray(1))).toThrow(SigningKeyError);
  });

  it("recognises both forms of the curve in CKA_EC_PARAMS", () => {
    expect(new TextDecoder().decode(ED25519_EC_PARAMS.subarray(2))).toBe("edwards25519");
    expect(isEd25519Params(ED25519_EC_PARAMS)).toBe(true);
    expect(isEd25519Params(ED25519_EC_PARAMS_OID)).toBe(true);
    // prime256v1 (1.2.840.10045.3.1.7) is not Ed25519.
    expect(isEd25519Params(Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07))).toBe(false);
  });
});
