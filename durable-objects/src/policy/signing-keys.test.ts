/**
 * The policy signing key outside development: without POLICY_SIGNING_KEY nothing is derived from the
 * bootstrap key or generated into KV — loading fails `misconfigured` — even in an isolate that already
 * loaded the development key; with the secret, bundles are signed under POLICY_SIGNING_KEY_ID with it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createBundle, defaultPolicy, generateSoftwareSigner, signBundle, verifyBundle } from "@nethical/core";
import { durableObjectErrorOf } from "../errors.ts";
import { policySigner, trustedPolicyKeys, type SigningKeyEnv } from "./signing-keys.ts";

const base: SigningKeyEnv = { POLICY_KV: env.POLICY_KV, BOOTSTRAP_ADMIN_KEY: env.BOOTSTRAP_ADMIN_KEY };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

describe("policy signing key outside development", () => {
  it("production and staging without POLICY_SIGNING_KEY refuse, even after the development key was loaded", async () => {
    const dev = await policySigner({ ...base, ENVIRONMENT: "development" });
    expect(dev.keyId).toBe("policy-dev");
    for (const ENVIRONMENT of ["production", "staging", undefined]) {
      const error = await failure(policySigner({ ...base, ENVIRONMENT, POLICY_SIGNING_KEY_ID: "policy-production-1" }));
      expect(durableObjectErrorOf(error)?.code, String(ENVIRONMENT)).toBe("misconfigured");
      expect(String(error)).toMatch(/POLICY_SIGNING_KEY is not set: refusing to derive or generate/);
      expect(durableObjectErrorOf(await failure(trustedPolicyKeys({ ...base, ENVIRONMENT })))?.code).toBe("misconfigured");
    }
  });

  it("production with POLICY_SIGNING_KEY signs with it, under POLICY_SIGNING_KEY_ID", async () => {
    const { privateKeyJwk, publicKeyJwk } = await generateSoftwareSigner("x");
    const prod: SigningKeyEnv = { ...base, ENVIRONMENT: "production", POLICY_SIGNING_KEY: JSON.stringify(privateKeyJwk), POLICY_SIGNING_KEY_ID: "policy-production-1" };
    const signer = await policySigner(prod);
    expect(signer.keyId).toBe("policy-production-1");
    const trusted = await trustedPolicyKeys(prod);
    expect(trusted["policy-production-1"]?.x).toBe(publicKeyJwk.x);
    const bundle = await signBundle(await createBundle("acme", 1, defaultPolicy()), signer);
    expect((await verifyBundle(bundle, trusted, { tenant: "acme", minSeq: 1 })).key_id).toBe("policy-production-1");
    // Back in development, the development key again (not the production one).
    expect((await policySigner({ ...base, ENVIRONMENT: "development" })).keyId).toBe("policy-dev");
  });
});
