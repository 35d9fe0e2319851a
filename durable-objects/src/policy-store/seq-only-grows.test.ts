/**
 * PolicyStore: a tenant starts on the default policy as seq 1, every change is seq + 1 and signed, and a
 * bundle from elsewhere is installed only when it is signed by the trusted key, unmodified, this tenant's
 * and newer: a tampered bundle, another key, an older or equal seq are each refused with their code.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createBundle, generateSoftwareSigner, signBundle, verifyBundle, type PolicyDocument } from "@nethical/core";
import { durableObjectErrorOf } from "../errors.ts";
import { policySigner, trustedPolicyKeys } from "../policy/signing-keys.ts";
import { activePolicyKey, policySeqKey } from "../storage-keys.ts";
import { policyStoreStub } from "../residency/placement.ts";

const doc: PolicyDocument = { version: 1, name: "p", default: { decision: "ALLOW" }, rules: [] };

function store(tenant: string) {
  return policyStoreStub(env, { tenant, residency: "any" });
}

function tenantId(): string {
  return `ps-${crypto.randomUUID().slice(0, 8)}`;
}

describe("PolicyStore seq only grows", () => {
  it("creates a tenant once, on the default policy as signed seq 1", async () => {
    const tenant = tenantId();
    const first = await store(tenant).createTenant(tenant, "Test", Date.now());
    expect(first.ok).toBe(true);
    expect(first.tenant.active).toMatchObject({ seq: 1, signed: true, key_id: "policy-dev" });
    const again = await store(tenant).createTenant(tenant, "Other name", Date.now());
    expect(again).toMatchObject({ ok: false, code: "exists" });
    expect(again.tenant.name).toBe("Test");
    const bundle = await store(tenant).getActive(tenant);
    await expect(verifyBundle(bundle as never, await trustedPolicyKeys(env), { tenant })).resolves.toBeTruthy();
  });

  it("setPolicy makes seq + 1, copies it and the seq pointer to KV; concurrent changes get distinct seqs", async () => {
    const tenant = tenantId();
    await store(tenant).createTenant(tenant, tenant, Date.now());
    const bundles = await Promise.all([1, 2, 3].map((i) => store(tenant).setPolicy(tenant, { ...doc, name: `p${i}` }, Date.now())));
    expect(bundles.map((b: { seq: number }) => b.seq).sort()).toEqual([2, 3, 4]);
    const active = await store(tenant).getActive(tenant);
    expect(active?.seq).toBe(4);
    expect(((await env.POLICY_KV.get(activePolicyKey(tenant), "json")) as { seq: number }).seq).toBe(4);
    expect(await env.POLICY_KV.get(policySeqKey(tenant))).toBe(`4:${active?.hash}`);
  });

  // @req SAFETY-S1
  // @req REQ-BUNDLE-SIGNATURE
  it("installBundle refuses tampered, foreign-key, unsigned, older and equal-seq bundles, each with its code", async () => {
    const tenant = tenantId();
    await store(tenant).createTenant(tenant, tenant, Date.now());
    await store(tenant).setPolicy(tenant, doc, Date.now()); // seq 2
    const signer = await policySigner(env);
    const good3 = await signBundle(await createBundle(tenant, 3, { ...doc, name: "three" }), signer);
    const tampered = { ...good3, policy: { ...good3.policy, default: { decision: "ALLOW" as const, reason: "changed" } } };
    const other = await generateSoftwareSigner("policy-dev");
    const wrongKey = await signBundle(await createBundle(tenant, 3, doc), other.signer);
    const older = await signBundle(await createBundle(tenant, 1, doc), signer);
    const equal = await signBundle(await createBundle(tenant, 2, doc), signer);
    const unsigned = await createBundle(tenant, 3, doc);
    const otherTenant = await signBundle(await createBundle("someone-else", 3, doc), signer);
    const cases: [unknown, string][] = [
      [tampered, "bad_signature"],
      [wrongKey, "bad_signature"],
      [unsigned, "unknown_key"],
      [older, "stale_seq"],
      [equal, "stale_seq"],
      [otherTenant, "wrong_tenant"],
      [{ junk: true }, "malformed"],
    ];
    for (const [bundle, code] of cases) {
      const result = await store(tenant).installBundle(tenant, bundle, Date.now());
      expect(result).toMatchObject({ ok: false, code });
    }
    expect((await store(tenant).getActive(tenant))?.seq).toBe(2);
    expect(await store(tenant).installBundle(tenant, good3, Date.now())).toMatchObject({ ok: true, active: { seq: 3, hash: good3.hash } });
    const active = await store(tenant).getActive(tenant);
    expect(active).toMatchObject({ seq: 3, hash: good3.hash, signature: good3.signature });
  });

  it("knows nothing about a tenant that was never created", async () => {
    const tenant = tenantId();
    expect(await store(tenant).getActive(tenant)).toBeNull();
    expect(await store(tenant).describe(tenant)).toBeNull();
    expect(await store(tenant).installBundle(tenant, {}, Date.now())).toMatchObject({ ok: false, code: "unknown_tenant" });
    let caught: unknown;
    try {
      await store(tenant).setPolicy(tenant, doc, Date.now());
    } catch (error) {
      caught = error;
    }
    // Over RPC only the message survives; durableObjectErrorOf recovers the typed error and its code.
    expect(durableObjectErrorOf(caught)).toMatchObject({ code: "unknown_tenant", detail: "tenant does not exist" });
  });
});
