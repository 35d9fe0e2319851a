/**
 * The policy key routes in workerd: GET /v2/policies/keys shows the whole signed key set and keeps the
 * legacy `{keys:[{key_id, jwk}]}`; rotation routes are the platform key's alone (403 for a tenant admin), with
 * problem+json refusals (404 unknown key, 409 revoking the active key, 422 `unknown_key` for a forged update);
 * and the Worker's verify path (verifyForTenant) refuses a revoked key's bundle `revoked_key` once the chain
 * it reads has revoked it (a chain of its own, so no other test's key set changes).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BundleVerificationError, createBundle, defaultPolicy, generateSoftwareSigner, KEY_SET_DOMAIN, signBundle, signKeySet } from "@nethical/core";
import { activateKey, publishKey, revokeKey } from "@nethical/durable-objects/policy/key-rotation";
import { policySigner, rootPolicySigner } from "@nethical/durable-objects/policy/signing-keys";
import { api, bootstrapKey, createTenant } from "../testing/api.ts";
import { verifyForTenant } from "../policy/verify.ts";

describe("policy key routes", { timeout: 30_000 }, () => {
  it("GET shows the signed key set and the legacy key list; rotation is the platform key's only", async () => {
    const { keys } = await createTenant("pkeys");
    const res = await api("/v2/policies/keys", { key: keys.auditor });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.algorithm).toBe("Ed25519");
    expect(body.key_set.version).toBe(body.version);
    expect(body.key_set.signature).toMatch(/^[A-Za-z0-9_-]+$/);
    const active = body.key_set.keys.find((k: any) => k.status === "active");
    expect(body.keys).toContainEqual({ key_id: active.key_id, jwk: active.jwk });
    const forbidden = await api("/v2/policies/keys", { key: keys.admin, json: { key_id: "x", generate: true } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("content-type")).toContain("application/problem+json");
    expect((await api("/v2/policies/keys/nope/activate", { key: bootstrapKey(), json: {} })).status).toBe(404);
    const revokeActive = await api(`/v2/policies/keys/${active.key_id}/revoke`, { key: bootstrapKey(), json: { reason: "test" } });
    expect(revokeActive.status).toBe(409);
    const version = await api(`/v2/policies/keys/sets/${body.version}`, { key: keys.auditor });
    expect(((await version.json()) as any).signature).toBe(body.key_set.signature);
    expect((await api("/v2/policies/keys/sets/0", { key: keys.auditor })).status).toBe(404);
  });

  it("a forged key-set update is refused 422 unknown_key and nothing changes", async () => {
    const { keys } = await createTenant("pkeys");
    const before = (await (await api("/v2/policies/keys", { key: keys.auditor })).json()) as any;
    const rogue = await generateSoftwareSigner("rogue");
    const forged = await signKeySet({ domain: KEY_SET_DOMAIN, version: before.version + 1, issued_at: new Date().toISOString(), keys: [{ key_id: "rogue", jwk: rogue.publicKeyJwk as never, status: "active", not_before: new Date().toISOString() }] }, rogue.signer);
    const res = await api("/v2/policies/keys/set", { key: bootstrapKey(), json: forged, method: "PUT" });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: "unknown_key" });
    expect(((await (await api("/v2/policies/keys", { key: keys.auditor })).json()) as any).version).toBe(before.version);
  });

  it("the Worker's verify path refuses a bundle signed by a revoked key (valid signature) with revoked_key", async () => {
    const chain = { ...env, ENVIRONMENT: "development", POLICY_SIGNING_KEY_ID: `wrot-${crypto.randomUUID().slice(0, 8)}` } as unknown as Env;
    const old = await rootPolicySigner(chain);
    const byOld = await signBundle(await createBundle("acme", 2, defaultPolicy()), old);
    expect((await verifyForTenant(chain, byOld, "acme", 1)).key_id).toBe(old.keyId);
    expect((await publishKey(chain, { key_id: "wnext", generate: true }, new Date())).ok).toBe(true);
    expect((await activateKey(chain, "wnext", new Date())).ok).toBe(true);
    const byNew = await signBundle(await createBundle("acme", 3, defaultPolicy()), await policySigner(chain));
    expect((await verifyForTenant(chain, byNew, "acme", 2)).key_id).toBe("wnext");
    expect((await verifyForTenant(chain, byOld, "acme", 1)).key_id).toBe(old.keyId); // retired: still verifies
    expect((await revokeKey(chain, old.keyId, "compromised", new Date())).ok).toBe(true);
    const error = await verifyForTenant(chain, byOld, "acme", 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleVerificationError);
    expect((error as BundleVerificationError).code).toBe("revoked_key");
  });
});
