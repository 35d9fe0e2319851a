import { describe, expect, it } from "vitest";
import { canonicalJson } from "../util/canonical-json.ts";
import { base64UrlDecode } from "./base64url.ts";
import { BundleSigningError, bundleSigningBytes, policyContentHash, signBundle } from "./bundle-signing.ts";
import { generateSoftwareSigner } from "./software-signer.ts";
import { verifySignature } from "./verifier.ts";

const policy = { version: 1, name: "acme-default", default: { decision: "ALLOW" }, rules: [] };

async function bundle(seq = 7) {
  return { tenant: "acme", seq, hash: await policyContentHash(policy), policy };
}

describe("bundle signing", () => {
  it("signs the canonical JSON of the bundle without its signature fields", async () => {
    const { signer, publicKeyJwk } = await generateSoftwareSigner("policy-2026-01");
    const signed = await signBundle(await bundle(), signer);
    expect(signed.key_id).toBe("policy-2026-01");
    const { signature: _s, key_id: _k, ...rest } = signed;
    const bytes = new TextEncoder().encode(canonicalJson(rest));
    expect(await verifySignature(publicKeyJwk, bytes, base64UrlDecode(signed.signature))).toBe(true);
  });

  it("signs the same bytes whatever the key order or earlier signature", async () => {
    const b = await bundle();
    const reordered = { policy: b.policy, seq: b.seq, hash: b.hash, tenant: b.tenant, signature: "old", key_id: "old" };
    expect(bundleSigningBytes(reordered)).toEqual(bundleSigningBytes(b));
    const { signer } = await generateSoftwareSigner("k1");
    expect((await signBundle(reordered, signer)).signature).toBe((await signBundle(b, signer)).signature);
  });

  it("keeps extra bundle fields under the signature", async () => {
    const b = { ...(await bundle()), compiled_at_seq: 7 };
    expect(new TextDecoder().decode(bundleSigningBytes(b))).toContain('"compiled_at_seq":7');
  });

  it("refuses to sign a bundle whose hash does not match its policy", async () => {
    const { signer } = await generateSoftwareSigner("k1");
    await expect(signBundle({ ...(await bundle()), hash: "0".repeat(64) }, signer)).rejects.toThrow(BundleSigningError);
    await expect(signBundle({ ...(await bundle()), seq: -1 }, signer)).rejects.toThrow(/seq/);
  });

  it("hashes policy content canonically (key order does not matter)", async () => {
    expect(await policyContentHash({ b: 1, a: 2 })).toBe(await policyContentHash({ a: 2, b: 1 }));
    expect(await policyContentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});
