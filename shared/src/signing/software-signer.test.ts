import { describe, expect, it } from "vitest";
import { base64UrlEncode } from "./base64url.ts";
import { SigningKeyError } from "./keys.ts";
import { generateSoftwareSigner, softwareSignerFromJwk, softwareSignerFromPkcs8 } from "./software-signer.ts";
import { verifySignature } from "./verifier.ts";

const hex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
// RFC 8032 §7.1, TEST 2 (message 0x72).
const SEED = hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
const PUBLIC = hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
const SIGNATURE = hex(
  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
);
const PKCS8 = new Uint8Array([...hex("302e020100300506032b657004220420"), ...SEED]);

describe("software Ed25519 signer", () => {
  it("reproduces the RFC 8032 test vector from a PKCS#8 key", async () => {
    const signer = await softwareSignerFromPkcs8("rfc8032-2", PKCS8);
    expect(signer.algorithm).toBe("Ed25519");
    expect(await signer.publicKey()).toEqual({ kty: "OKP", crv: "Ed25519", x: base64UrlEncode(PUBLIC) });
    expect(await signer.sign(hex("72"))).toEqual(SIGNATURE);
  });

  it("reproduces it from a private JWK too", async () => {
    const signer = await softwareSignerFromJwk("rfc8032-2", { kty: "OKP", crv: "Ed25519", x: base64UrlEncode(PUBLIC), d: base64UrlEncode(SEED) });
    expect(await signer.sign(hex("72"))).toEqual(SIGNATURE);
  });

  it("generates keys that sign verifiably and can be stored and re-imported", async () => {
    const { signer, privateKeyJwk, publicKeyJwk } = await generateSoftwareSigner("policy-2026-01");
    const message = new TextEncoder().encode("bundle bytes");
    const signature = await signer.sign(message);
    expect(signature).toHaveLength(64);
    expect(await verifySignature(publicKeyJwk, message, signature)).toBe(true);
    expect(publicKeyJwk).not.toHaveProperty("d");
    const again = await softwareSignerFromJwk("policy-2026-01", JSON.parse(JSON.stringify(privateKeyJwk)));
    expect(await again.sign(message)).toEqual(signature); // Ed25519 is deterministic
  });

  it("never hands out the private half", async () => {
    const { signer } = await generateSoftwareSigner("k1");
    const pub = await signer.publicKey();
    expect(Object.keys(pub).sort()).toEqual(["crv", "kty", "x"]);
  });

  it("rejects unusable keys and key ids with SigningKeyError", async () => {
    await expect(softwareSignerFromPkcs8("k1", new Uint8Array([1, 2, 3]))).rejects.toThrow(SigningKeyError);
    await expect(softwareSignerFromJwk("k1", { kty: "EC", crv: "P-256", x: "abc", d: "def" })).rejects.toThrow(/Ed25519 OKP JWK/);
    await expect(softwareSignerFromJwk("k1", { kty: "OKP", crv: "Ed25519", x: base64UrlEncode(PUBLIC) })).rejects.toThrow(/no d member/);
    await expect(generateSoftwareSigner("bad key id")).rejects.toThrow(SigningKeyError);
  });
});
