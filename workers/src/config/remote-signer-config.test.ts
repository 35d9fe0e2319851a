/**
 * A deployed environment whose tree heads are signed by a remote signer (AUDIT_SIGNER_URL): AUDIT_SIGNING_KEY
 * is then not required and must not be set too; AUDIT_SIGNER_KEY_ID is required; the URL must be https.
 */
import { describe, expect, it } from "vitest";
import { generateSoftwareSigner } from "@nethical/core";
import { checkConfig } from "./production-config.ts";

async function jwk(): Promise<string> {
  return JSON.stringify((await generateSoftwareSigner("k")).privateKeyJwk);
}

async function remote(extra: Record<string, string> = {}) {
  return {
    ENVIRONMENT: "production",
    POLICY_SIGNING_KEY: await jwk(),
    DATABASE_URL: "postgresql://nethical_app:pw@db.example.test/nethical?sslmode=require",
    AUDIT_SIGNER_URL: "https://kms-adapter.example.test/v1",
    AUDIT_SIGNER_KEY_ID: "audit-kms-2027",
    ...extra,
  };
}

describe("checkConfig with a remote tree-head signer", () => {
  it("AUDIT_SIGNER_URL with a key id replaces AUDIT_SIGNING_KEY", async () => {
    expect(checkConfig(await remote())).toMatchObject({ missing: [], malformed: [], ready: true });
  });

  it("both signers set, no key id, or a non-https URL: not ready, each named", async () => {
    const both = checkConfig(await remote({ AUDIT_SIGNING_KEY: await jwk() }));
    expect(both.ready).toBe(false);
    expect(both.malformed).toEqual([{ name: "AUDIT_SIGNING_KEY", reason: "set together with AUDIT_SIGNER_URL: choose one tree-head signer" }]);
    const noId = checkConfig({ ...(await remote()), AUDIT_SIGNER_KEY_ID: "" });
    expect(noId.missing).toEqual(["AUDIT_SIGNER_KEY_ID"]);
    const plain = checkConfig(await remote({ AUDIT_SIGNER_URL: "http://kms-adapter.example.test" }));
    expect(plain.malformed).toEqual([{ name: "AUDIT_SIGNER_URL", reason: "not an https:// URL" }]);
  });

  it("without AUDIT_SIGNER_URL, AUDIT_SIGNING_KEY stays required", async () => {
    const { AUDIT_SIGNER_URL: _url, ...rest } = await remote();
    expect(checkConfig(rest).missing).toEqual(["AUDIT_SIGNING_KEY"]);
  });
});
