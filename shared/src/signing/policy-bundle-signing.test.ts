/**
 * Signing and verifying the bundles the policy module builds (createBundle / PolicyBundleSchema): the hash
 * conventions agree, and a signed bundle still parses as a PolicyBundle after a JSON round trip (KV, wire).
 */
import { describe, expect, it } from "vitest";
import { createBundle, PolicyBundleSchema, policyHash } from "../policy/bundle.ts";
import { defaultPolicy } from "../policy/default-policy.ts";
import { policyContentHash, signBundle } from "./bundle-signing.ts";
import { verifyBundle } from "./bundle-verification.ts";
import { generateSoftwareSigner } from "./software-signer.ts";

describe("signing PolicyBundles", () => {
  it("signs createBundle output and verifies it after a JSON round trip through PolicyBundleSchema", async () => {
    const { signer, publicKeyJwk } = await generateSoftwareSigner("policy-2026-01");
    const bundle = await createBundle("acme", 3, defaultPolicy());
    expect(await policyContentHash(bundle.policy)).toBe(await policyHash(bundle.policy));
    const signed = await signBundle(bundle, signer);
    const stored = PolicyBundleSchema.parse(JSON.parse(JSON.stringify(signed)));
    const verified = await verifyBundle(stored, { "policy-2026-01": publicKeyJwk }, { minSeq: 2, tenant: "acme" });
    expect(verified.key_id).toBe("policy-2026-01");
    expect(verified.policy).toEqual(bundle.policy);
  });
});
