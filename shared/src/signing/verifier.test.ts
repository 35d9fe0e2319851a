import { describe, expect, it } from "vitest";
import { base64UrlEncode } from "./base64url.ts";
import { SigningKeyError } from "./keys.ts";
import { generateSoftwareSigner } from "./software-signer.ts";
import { createVerifier, importPublicKey, verifySignature } from "./verifier.ts";

const hex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
// RFC 8032 §7.1, TEST 1 (empty message).
const PUBLIC = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
const SIGNATURE = hex(
  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
);
const JWK = { kty: "OKP", crv: "Ed25519", x: base64UrlEncode(PUBLIC) };

describe("Ed25519 verification", () => {
  it("accepts the RFC 8032 test vector, from a JWK and from raw bytes", async () => {
    expect(await verifySignature(JWK, new Uint8Array(0), SIGNATURE)).toBe(true);
    expect(await createVerifier("rfc8032-1", PUBLIC).verify(new Uint8Array(0), SIGNATURE)).toBe(true);
  });

  it("rejects a changed message, a changed signature, a wrong-length signature and another key", async () => {
    expect(await verifySignature(JWK, new Uint8Array([0]), SIGNATURE)).toBe(false);
    const flipped = SIGNATURE.slice();
    flipped[10] = (flipped[10] as number) ^ 1;
    expect(await verifySignature(JWK, new Uint8Array(0), flipped)).toBe(false);
    expect(await verifySignature(JWK, new Uint8Array(0), SIGNATURE.subarray(0, 63))).toBe(false);
    const other = await generateSoftwareSigner("other");
    expect(await verifySignature(other.publicKeyJwk, new Uint8Array(0), SIGNATURE)).toBe(false);
  });

  it("reuses one imported key across verifications", async () => {
    const { signer, publicKeyJwk } = await generateSoftwareSigner("k1");
    const verifier = createVerifier("k1", publicKeyJwk);
    for (let i = 0; i < 3; i++) {
      const msg = new Uint8Array([i]);
      expect(await verifier.verify(msg, await signer.sign(msg))).toBe(true);
      expect(await verifier.verify(new Uint8Array([i + 1]), await signer.sign(msg))).toBe(false);
    }
  });

  it("refuses unusable public keys with SigningKeyError", async () => {
    expect(() => createVerifier("k1", { kty: "RSA", n: "x", e: "AQAB" })).toThrow(SigningKeyError);
    expect(() => createVerifier("k1", { kty: "OKP", crv: "Ed25519", x: "too-short" })).toThrow(/32-byte/);
    expect(() => createVerifier("k1", new Uint8Array(31))).toThrow(/32 bytes/);
    await expect(importPublicKey({ kty: "OKP", crv: "X25519", x: JWK.x })).rejects.toThrow(SigningKeyError);
    await expect(verifySignature({ kty: "oct", k: "AAAA" }, new Uint8Array(0), SIGNATURE)).rejects.toThrow(SigningKeyError);
  });
});
