/**
 * verifyBundle refuses every bundle it must, each with its own code: a tampered bundle (bad_signature), a
 * bundle signed by an untrusted key (unknown_key), a hash that does not match the policy (hash_mismatch), a
 * replayed older bundle (stale_seq), another tenant's bundle (wrong_tenant), and junk (malformed); with
 * `parsedJson` (a bundle read back from its canonical text) the same verdicts, at less cost.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../util/canonical-json.ts";
import { base64UrlEncode } from "./base64url.ts";
import { bundleSigningBytes, policyContentHash, signBundle, type SignableBundle } from "./bundle-signing.ts";
import { BundleVerificationError, type BundleVerificationCode, verifyBundle } from "./bundle-verification.ts";
import { generateSoftwareSigner } from "./software-signer.ts";
import type { Verifier } from "./keys.ts";
import { createVerifier } from "./verifier.ts";

const trusted = await generateSoftwareSigner("policy-2026-01");
const rogue = await generateSoftwareSigner("policy-2026-01"); // same id, different key
const KEY_ID = "policy-2026-01";
const keys = { [KEY_ID]: trusted.publicKeyJwk };
const policy = { version: 1, name: "acme", default: { decision: "ALLOW" }, rules: [{ id: "r1", then: { decision: "BLOCK" } }] };

async function signedBundle(seq = 7, tenant = "acme", body: unknown = policy) {
  return signBundle({ tenant, seq, hash: await policyContentHash(body), policy: body }, trusted.signer);
}

async function codeOf(promise: Promise<unknown>): Promise<BundleVerificationCode | "accepted"> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    if (error instanceof BundleVerificationError) return error.code;
    throw error;
  }
}

describe("verifyBundle", () => {
  it("accepts an untouched bundle signed by a trusted key at a newer or equal seq", async () => {
    const b = await signedBundle(7);
    expect(await verifyBundle(b, keys, { minSeq: 6, tenant: "acme" })).toBe(b);
    expect(await verifyBundle(b, new Map([["policy-2026-01", createVerifier("policy-2026-01", trusted.publicKeyJwk)]]), { minSeq: 7 })).toBe(b);
    expect(await verifyBundle(JSON.parse(JSON.stringify(b)), keys)).toEqual(b);
  });

  // @req REQ-BUNDLE-SIGNATURE
  it("rejects a tampered bundle: any signed field changed", async () => {
    const b = await signedBundle(7);
    const otherPolicy = { ...policy, default: { decision: "BLOCK" } };
    expect(await codeOf(verifyBundle({ ...b, policy: otherPolicy, hash: await policyContentHash(otherPolicy) }, keys))).toBe("bad_signature");
    expect(await codeOf(verifyBundle({ ...b, seq: 8 }, keys))).toBe("bad_signature");
    expect(await codeOf(verifyBundle({ ...b, tenant: "evil" }, keys))).toBe("bad_signature");
    expect(await codeOf(verifyBundle({ ...b, extra: true }, keys))).toBe("bad_signature");
  });

  it("rejects any single-field change of a signed bundle (property)", async () => {
    const b = await signedBundle(7);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("tenant", "seq", "hash", "policy"), fc.jsonValue(), async (field, value) => {
        const tampered = { ...b, [field]: value };
        fc.pre(canonicalJson(tampered) !== canonicalJson(b));
        const code = await codeOf(verifyBundle(tampered as typeof b, keys));
        expect(["bad_signature", "malformed"]).toContain(code);
      }),
      { numRuns: 100 },
    );
  });

  it("rejects a bundle signed with the wrong key, or a key nobody trusts", async () => {
    const b = await signedBundle(7);
    const forged = await signBundle({ tenant: b.tenant, seq: b.seq, hash: b.hash, policy: b.policy }, rogue.signer);
    expect(await codeOf(verifyBundle(forged, keys))).toBe("bad_signature");
    const { signer: unknownSigner } = await generateSoftwareSigner("someone-else");
    expect(await codeOf(verifyBundle(await signBundle({ ...b }, unknownSigner), keys))).toBe("unknown_key");
    const { key_id: _k, ...noKey } = b;
    expect(await codeOf(verifyBundle(noKey, keys))).toBe("unknown_key");
    expect(await codeOf(verifyBundle({ ...b, key_id: "__proto__" }, keys))).toBe("unknown_key");
    expect(await codeOf(verifyBundle({ ...b, key_id: "toString" }, keys))).toBe("unknown_key");
  });

  it("rejects missing and malformed signatures", async () => {
    const b = await signedBundle(7);
    const { signature: _s, ...unsigned } = b;
    expect(await codeOf(verifyBundle(unsigned, keys))).toBe("bad_signature");
    expect(await codeOf(verifyBundle({ ...b, signature: "not base64url!" }, keys))).toBe("bad_signature");
    expect(await codeOf(verifyBundle({ ...b, signature: base64UrlEncode(new Uint8Array(63)) }, keys))).toBe("bad_signature");
  });

  it("rejects a correctly signed bundle whose hash does not match its policy", async () => {
    const wrongHash: SignableBundle = { tenant: "acme", seq: 7, hash: "ab".repeat(32), policy };
    const signature = base64UrlEncode(await trusted.signer.sign(bundleSigningBytes(wrongHash)));
    const b = { ...wrongHash, key_id: "policy-2026-01", signature };
    const error = await verifyBundle(b, keys).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleVerificationError);
    expect((error as BundleVerificationError).code).toBe("hash_mismatch");
    expect((error as Error).message).toMatch(/does not match its policy content/);
  });

  it("rejects an older seq (rollback), and an equal seq only when asked to", async () => {
    const b = await signedBundle(7);
    const error = (await verifyBundle(b, keys, { minSeq: 8 }).catch((e: unknown) => e)) as BundleVerificationError;
    expect(error.code).toBe("stale_seq");
    expect(error.message).toBe("bundle seq 7 is older than the current seq 8: rollback refused");
    expect(await codeOf(verifyBundle(b, keys, { minSeq: 7 }))).toBe("accepted");
    expect(await codeOf(verifyBundle(b, keys, { minSeq: 7, rejectEqualSeq: true }))).toBe("stale_seq");
  });

  it("rejects another tenant's bundle when the tenant is given", async () => {
    expect(await codeOf(verifyBundle(await signedBundle(9, "globex"), keys, { tenant: "acme" }))).toBe("wrong_tenant");
  });

  it("rejects junk with a malformed code instead of crashing", async () => {
    for (const junk of [null, 42, "bundle", [], { tenant: "acme" }, { tenant: "acme", seq: 1.5, hash: "h", policy }, { tenant: "", seq: 1, hash: "h", policy }]) {
      expect(await codeOf(verifyBundle(junk as unknown as SignableBundle, keys))).toBe("malformed");
    }
  });

  it("checks the signature before anything else it reports", async () => {
    const b = await signedBundle(3);
    // Tampered AND stale AND wrong tenant: the tampering is what gets reported.
    expect(await codeOf(verifyBundle({ ...b, tenant: "globex" }, keys, { minSeq: 10, tenant: "acme" }))).toBe("bad_signature");
  });
});

/** Trusted keys whose one verifier counts its signature checks. */
function countingKeys(): { keys: Map<string, Verifier>; checks: () => number } {
  const inner = createVerifier(KEY_ID, trusted.publicKeyJwk);
  let checks = 0;
  const verifier: Verifier = { ...inner, verify: (bytes, signature) => ((checks += 1), inner.verify(bytes, signature)) };
  return { keys: new Map([[KEY_ID, verifier]]), checks: () => checks };
}

const textPolicy = { ...policy, rules: [{ id: "r1", when: { field: "action", op: "contains", value: "é \u2028 \"x\"" }, then: { decision: "BLOCK" } }] };
const signed = (body: unknown) => signedBundle(3, "acme", body);

/**
 * The `parsedJson` option: a bundle read back from canonical JSON text is checked against the text
 * `JSON.stringify` gives (one signature check, no canonical writer), and whenever that text is not the
 * canonical one the canonical writer decides as without the option: the verdict never changes, only the cost.
 */
describe("verifyBundle with parsedJson", () => {
  it("accepts a bundle read back from its canonical text with one signature check", async () => {
    const stored = JSON.parse(canonicalJson(await signed(textPolicy))) as SignableBundle;
    const { keys, checks } = countingKeys();
    expect(await verifyBundle(stored, keys, { tenant: "acme", parsedJson: true })).toBe(stored);
    expect(checks()).toBe(1);
  });

  it("falls back to the canonical writer when the parsed keys are not in canonical order", async () => {
    const b = await signed(textPolicy);
    // Same bundle, keys in another order (as a server might send it): JSON.stringify is not canonical here.
    const reordered = JSON.parse(JSON.stringify({ signature: b.signature, policy: { rules: textPolicy.rules, default: textPolicy.default, version: 1, name: "acme" }, seq: 3, key_id: KEY_ID, hash: b.hash, tenant: "acme" })) as SignableBundle;
    const { keys, checks } = countingKeys();
    expect(await codeOf(verifyBundle(reordered, keys, { parsedJson: true }))).toBe("accepted");
    expect(checks()).toBe(2);
    // Integer-like keys: JSON.parse orders them numerically ("9" before "10"), canonical JSON by code units.
    const numeric = await signed({ ...textPolicy, limits: { "9": 1, "10": 2 } });
    expect(await codeOf(verifyBundle(JSON.parse(canonicalJson(numeric)) as SignableBundle, keys, { parsedJson: true }))).toBe("accepted");
    expect(checks()).toBe(4);
  });

  it("refuses what verifyBundle refuses without it: tampered, hash mismatch", async () => {
    const stored = JSON.parse(canonicalJson(await signed(textPolicy))) as SignableBundle & { policy: typeof textPolicy };
    const tampered = JSON.parse(canonicalJson({ ...stored, policy: { ...stored.policy, default: { decision: "BLOCK" } } })) as SignableBundle;
    expect(await codeOf(verifyBundle(tampered, keys, { parsedJson: true }))).toBe("bad_signature");
    const wrongHash: SignableBundle = { tenant: "acme", seq: 7, hash: "ab".repeat(32), policy: textPolicy };
    const signature = base64UrlEncode(await trusted.signer.sign(bundleSigningBytes(wrongHash)));
    const parsed = JSON.parse(canonicalJson({ ...wrongHash, key_id: KEY_ID, signature })) as SignableBundle;
    expect(await codeOf(verifyBundle(parsed, keys, { parsedJson: true }))).toBe("hash_mismatch");
  });

  it("gives the same verdict as without it for any JSON policy and any change to it (property)", async () => {
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
