import { describe, expect, it } from "vitest";
import { canonicalJson } from "../util/canonical-json.ts";
import { sha256Hex } from "../util/sha256.ts";
import { PolicyBundleSchema, createBundle, policyHash, policyHashSync, policyVersion, verifyBundleHash } from "./bundle.ts";
import { defaultPolicy } from "./default-policy.ts";
import { PolicyError } from "./errors.ts";

describe("createBundle", () => {
  it("hashes the canonical JSON of the policy", async () => {
    const policy = defaultPolicy();
    const bundle = await createBundle("acme", 3, policy);
    expect(bundle.hash).toBe(await sha256Hex(canonicalJson(policy)));
    expect(bundle).toMatchObject({ tenant: "acme", seq: 3, policy });
    expect(PolicyBundleSchema.safeParse(bundle).success).toBe(true);
  });

  it("gives the same hash whatever the key order", async () => {
    const policy = defaultPolicy();
    const reordered = JSON.parse(JSON.stringify(policy), (_k, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    );
    expect(await policyHash(reordered)).toBe(await policyHash(policy));
  });

  it("changes the hash when any rule changes", async () => {
    const a = defaultPolicy();
    const b = defaultPolicy();
    (b.rules[0] as { priority?: number }).priority = 999;
    expect(await policyHash(a)).not.toBe(await policyHash(b));
  });

  it("rejects invalid policies and envelopes", async () => {
    await expect(createBundle("acme", 1, { ...defaultPolicy(), version: 2 } as never)).rejects.toThrow(PolicyError);
    await expect(createBundle("", 1, defaultPolicy())).rejects.toThrow();
    await expect(createBundle("acme", -1, defaultPolicy())).rejects.toThrow();
  });
});

describe("policyVersion and verifyBundleHash", () => {
  it("formats seq and the first 12 hex digits", async () => {
    const bundle = await createBundle("acme", 42, defaultPolicy());
    expect(policyVersion(bundle)).toBe(`42.${bundle.hash.slice(0, 12)}`);
  });

  it("detects a policy edited after hashing", async () => {
    const bundle = await createBundle("acme", 1, defaultPolicy());
    expect(await verifyBundleHash(bundle)).toBe(true);
    const tampered = { ...bundle, policy: { ...bundle.policy, default: { decision: "ALLOW" as const, reason: "x" } } };
    expect(await verifyBundleHash(tampered)).toBe(false);
  });
});

describe("policyHashSync", () => {
  it("is the same hash as policyHash, and the bundle hash", async () => {
    const policy = defaultPolicy();
    expect(policyHashSync(policy)).toBe(await policyHash(policy));
    expect(policyHashSync(policy)).toBe((await createBundle("acme", 1, policy)).hash);
  });
});
