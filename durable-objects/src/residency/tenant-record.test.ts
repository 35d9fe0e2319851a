/**
 * The residency lookup with real KV and PolicyStores: the tenant record's residency; a tenant from before
 * residency (a PolicyStore, no record) reads as `any`; a tenant whose record has not reached this location
 * yet is answered exactly by its PolicyStore; a tenant nobody knows is `unknown_tenant`, never a guess; a
 * found residency is kept by the isolate (later KV changes are not read: residency never changes).
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { durableObjectErrorOf } from "../errors.ts";
import { tenantMetaKey } from "../storage-keys.ts";
import { policyStoreStub, useJurisdictionCall } from "./placement.ts";
import { forgetCachedResidencies, putTenantRecord, readTenantRecord, tenantResidency } from "./tenant-record.ts";

const tenantId = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return durableObjectErrorOf(error)?.code;
  }
}

beforeEach(() => forgetCachedResidencies());

describe("tenantResidency", { timeout: 30_000 }, () => {
  it("reads the residency of the tenant record", async () => {
    for (const residency of ["eu", "us", "any"] as const) {
      const tenant = tenantId(`rec-${residency}`);
      await putTenantRecord(env.POLICY_KV, { tenant, name: "T", residency, created_at: new Date().toISOString() });
      forgetCachedResidencies();
      expect(await tenantResidency(env, tenant)).toBe(residency);
      expect(await readTenantRecord(env.POLICY_KV, tenant)).toMatchObject({ tenant, residency });
    }
  });

  it("a tenant created before residency existed (PolicyStore, no record) reads as any", async () => {
    const tenant = tenantId("legacy");
    await policyStoreStub(env, { tenant, residency: "any" }).createTenant(tenant, tenant, Date.now());
    expect(await env.POLICY_KV.get(tenantMetaKey(tenant))).toBeNull();
    expect(await tenantResidency(env, tenant)).toBe("any");
  });

  it("without the record (not propagated yet), the tenant's PolicyStore answers its residency exactly", async () => {
    const tenant = tenantId("no-record");
    // Jurisdictions are off locally, so an eu tenant's store is reachable in the default namespace here.
    await policyStoreStub(env, { tenant, residency: "eu" }).createTenant(tenant, tenant, Date.now(), "eu");
    expect(await tenantResidency(env, tenant)).toBe("eu");
  });

  it("a tenant nobody knows is unknown_tenant, and stays so only briefly", async () => {
    const tenant = tenantId("nobody");
    expect(await codeOf(tenantResidency(env, tenant))).toBe("unknown_tenant");
    await putTenantRecord(env.POLICY_KV, { tenant, name: "T", residency: "us", created_at: new Date().toISOString() });
    // putTenantRecord in this isolate replaces the remembered "unknown" at once.
    expect(await tenantResidency(env, tenant)).toBe("us");
    const later = tenantId("nobody-later");
    const now = Date.now();
    expect(await codeOf(tenantResidency(env, later, now))).toBe("unknown_tenant");
    await env.POLICY_KV.put(tenantMetaKey(later), JSON.stringify({ tenant: later, name: "T", residency: "eu", created_at: new Date().toISOString() }));
    expect(await codeOf(tenantResidency(env, later, now + 1))).toBe("unknown_tenant"); // remembered for a few seconds
    expect(await tenantResidency(env, later, now + 60_000)).toBe("eu");
  });

  it("keeps a found residency for the isolate's life", async () => {
    const tenant = tenantId("kept");
    await putTenantRecord(env.POLICY_KV, { tenant, name: "T", residency: "eu", created_at: new Date().toISOString() });
    expect(await tenantResidency(env, tenant)).toBe("eu");
    await env.POLICY_KV.put(tenantMetaKey(tenant), JSON.stringify({ tenant, name: "T", residency: "any", created_at: new Date().toISOString() }));
    expect(await tenantResidency(env, tenant)).toBe("eu");
  });

  it("refuses a record with an unknown residency instead of placing the tenant anywhere", async () => {
    const tenant = tenantId("corrupt");
    await env.POLICY_KV.put(tenantMetaKey(tenant), JSON.stringify({ tenant, name: "T", residency: "fedramp", created_at: new Date().toISOString() }));
    expect(await readTenantRecord(env.POLICY_KV, tenant)).toBeNull();
    // Not a record, so the PolicyStore is asked; there is none: unknown, never `any`.
    expect(await codeOf(tenantResidency(env, tenant))).toBe("unknown_tenant");
  });
});

describe("tenantResidency where jurisdictions are applied", { timeout: 30_000 }, () => {
  it("asks the tenant's PolicyStore in the default, eu and us namespaces before calling a tenant unknown", async () => {
    const calls: string[] = [];
    // workerd refuses real jurisdictions: the injected call records and hands back the local namespace.
    const restore = useJurisdictionCall((ns, jurisdiction) => {
      calls.push(jurisdiction);
      return ns;
    });
    try {
      const on = { ...env, USE_JURISDICTIONS: "true" } as unknown as typeof env;
      expect(await codeOf(tenantResidency(on, tenantId("nowhere")))).toBe("unknown_tenant");
      expect(calls).toEqual(["eu", "us"]);
    } finally {
      restore();
    }
  });
});
