/**
 * verifyBundle's `parsedJson` option: a bundle read back from canonical JSON text is checked against the text
 * `JSON.stringify` gives (one signature check, no canonical writer), and whenever that text is not the
 * canonical one the canonical writer decides as without the option: the verdict never changes, only the cost.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../util/canonical-json.ts";
import { base64UrlEncode } from "./base64url.ts";
import { bundleSigningBytes, policyContentHash, signBundle, type SignableBundle } from "./bundle-signing.ts";
import { verifyBundle } from "./bundle-verification.ts";
import type { Verifier } from "./keys.ts";
import { verificationCodeOf as codeOf } from "../testing/verification-code.ts";
import { generateSoftwareSigner } from "./software-signer.ts";
import { createVerifier } from "./verifier.ts";

const KEY_ID = "policy-2026-01";
const { signer, publicKeyJwk } = await generateSoftwareSigner(KEY_ID);

/** Trusted keys whose one verifier counts its signature checks. */
function countingKeys(): { keys: Map<string, Verifier>; checks: () => number } {
  const inner = createVerifier(KEY_ID, publicKeyJwk);
  let checks = 0;
  const verifier: Verifier = { ...inner, verify: (bytes, signature) => ((checks += 1), inner.verify(bytes, signature)) };
  return { keys: new Map([[KEY_ID, verifier]]), checks: () => checks };
}

async function signed(policy: unknown) {
  return signBundle({ tenant: "acme", seq: 3, hash: await policyContentHash(policy), policy }, signer);
}

const policy = { version: 1, name: "acme", default: { decision: "ALLOW" }, rules: [{ id: "r1", when: { field: "action", op: "contains", value: "é \u2028 \"x\"" }, then: { decision: "BLOCK" } }] };

describe("verifyBundle with parsedJson", () => {
  it("accepts a bundle read back from its canonical text with one signature check", async () => {
    const stored = JSON.parse(canonicalJson(await signed(policy))) as SignableBundle;
    const { keys, checks } = countingKeys();
    expect(await verifyBundle(stored, keys, { tenant: "acme", parsedJson: true })).toBe(stored);
    expect(checks()).toBe(1);
  });

  it("falls back to the canonical writer when the parsed keys are not in canonical order", async () => {
    const b = await signed(policy);
    // Same bundle, keys in another order (as a server might send it): JSON.stringify is not canonical here.
    const reordered = JSON.parse(JSON.stringify({ signature: b.signature, policy: { rules: policy.rules, default: policy.default, version: 1, name: "acme" }, seq: 3, key_id: KEY_ID, hash: b.hash, tenant: "acme" })) as SignableBundle;
    const { keys, checks } = countingKeys();
    expect(await codeOf(verifyBundle(reordered, keys, { parsedJson: true }))).toBe("accepted");
    expect(checks()).toBe(2);
    // Integer-like keys: JSON.parse orders them numerically ("9" before "10"), canonical JSON by code units.
    const numeric = await signed({ ...policy, limits: { "9": 1, "10": 2 } });
    expect(await codeOf(verifyBundle(JSON.parse(canonicalJson(numeric)) as SignableBundle, keys, { parsedJson: true }))).toBe("accepted");
    expect(checks()).toBe(4);
  });

  it("refuses what verifyBundle refuses without it: tampered, hash mismatch", async () => {
    const stored = JSON.parse(canonicalJson(await signed(policy))) as SignableBundle & { policy: typeof policy };
    const tampered = JSON.parse(canonicalJson({ ...stored, policy: { ...stored.policy, default: { decision: "BLOCK" } } })) as SignableBundle;
    expect(await codeOf(verifyBundle(tampered, { [KEY_ID]: publicKeyJwk }, { parsedJson: true }))).toBe("bad_signature");
    const wrongHash: SignableBundle = { tenant: "acme", seq: 7, hash: "ab".repeat(32), policy };
    const signature = base64UrlEncode(await signer.sign(bundleSigningBytes(wrongHash)));
    const parsed = JSON.parse(canonicalJson({ ...wrongHash, key_id: KEY_ID, signature })) as SignableBundle;
    expect(await codeOf(verifyBundle(parsed, { [KEY_ID]: publicKeyJwk }, { parsedJson: true }))).toBe("hash_mismatch");
  });

  it("gives the same verdict as without it for any JSON policy and any change to it (property)", async () => {
    const keys = { [KEY_ID]: publicKeyJwk };
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue()), fc.option(fc.jsonValue(), { nil: undefined }), fc.boolean(), async (body, change, reorder) => {
        const b = await signed(body);
        const text = reorder ? JSON.stringify({ ...b, policy: Object.fromEntries(Object.entries(body).reverse()) }) : canonicalJson(b);
        const stored = JSON.parse(text) as SignableBundle & { policy: Record<string, unknown> };
        if (change !== undefined) stored.policy["changed"] = change;
        const plain = await codeOf(verifyBundle(JSON.parse(JSON.stringify(stored)) as SignableBundle, keys));
        expect(await codeOf(verifyBundle(stored, keys, { parsedJson: true }))).toBe(plain);
      }),
      { numRuns: 60 },
    );
  });
});
