/**
 * PolicyStore: a tenant starts on the default policy as seq 1, every change is seq + 1, and a bundle
 * whose seq does not grow, or whose hash does not match its content, is refused (rollback protection).
 * The active bundle is copied to KV.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createBundle, type PolicyDocument } from "../../../shared/src/index.ts";
import { activePolicyKey, policyStoreName } from "../storage-keys.ts";

const doc: PolicyDocument = { version: 1, name: "p", default: { decision: "ALLOW" }, rules: [] };

function store(tenant: string) {
  return env.POLICY_STORE.get(env.POLICY_STORE.idFromName(policyStoreName(tenant)));
}

function tenantId(): string {
  return `ps-${crypto.randomUUID().slice(0, 8)}`;
}

describe("PolicyStore", () => {
  it("creates a tenant once, on the default policy as seq 1", async () => {
    const tenant = tenantId();
    const first = await store(tenant).createTenant(tenant, "Test", Date.now());
    expect(first.created).toBe(true);
    expect(first.tenant.active.seq).toBe(1);
    const again = await store(tenant).createTenant(tenant, "Other name", Date.now());
    expect(again.created).toBe(false);
    expect(again.tenant.name).toBe("Test");
  });

  it("setPolicy makes seq + 1 and copies it to KV; concurrent changes get distinct seqs", async () => {
    const tenant = tenantId();
    await store(tenant).createTenant(tenant, tenant, Date.now());
    const bundles = await Promise.all([1, 2, 3].map((i) => store(tenant).setPolicy(tenant, { ...doc, name: `p${i}` }, Date.now())));
    expect(bundles.map((b: { seq: number }) => b.seq).sort()).toEqual([2, 3, 4]);
    const active = await store(tenant).getActive(tenant);
    expect(active?.seq).toBe(4);
    expect(((await env.POLICY_KV.get(activePolicyKey(tenant), "json")) as { seq: number }).seq).toBe(4);
  });

  it("refuses bundles whose seq does not grow, or whose hash does not match", async () => {
    const tenant = tenantId();
    await store(tenant).createTenant(tenant, tenant, Date.now());
    await store(tenant).setPolicy(tenant, doc, Date.now()); // seq 2
    for (const seq of [1, 2]) {
      const result = await store(tenant).installBundle(tenant, await createBundle(tenant, seq, doc), Date.now());
      expect(result.installed).toBe(false);
    }
    const forged = { ...(await createBundle(tenant, 3, doc)), policy: { ...doc, default: { decision: "ALLOW" as const, reason: "changed" } } };
    expect((await store(tenant).installBundle(tenant, forged, Date.now())).installed).toBe(false);
    const otherTenant = await createBundle("someone-else", 3, doc);
    expect((await store(tenant).installBundle(tenant, otherTenant, Date.now())).installed).toBe(false);
    expect((await store(tenant).installBundle(tenant, await createBundle(tenant, 3, doc), Date.now())).installed).toBe(true);
    expect((await store(tenant).getActive(tenant))?.seq).toBe(3);
  });

  it("knows nothing about a tenant that was never created", async () => {
    const tenant = tenantId();
    expect(await store(tenant).getActive(tenant)).toBeNull();
    expect(await store(tenant).describe(tenant)).toBeNull();
    let message = "";
    try {
      await store(tenant).setPolicy(tenant, doc, Date.now());
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/tenant does not exist/);
  });
});
