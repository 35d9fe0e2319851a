/**
 * Tenant isolation: a tenant's keys see only that tenant's agents, keys and policy, and every KV key
 * the Worker writes is tenant-scoped.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { action, api, createTenant, evaluate, killSwitchPolicy, setPolicy, type TestTenant } from "./testing/api.ts";

let a: TestTenant;
let b: TestTenant;
beforeAll(async () => {
  [a, b] = await Promise.all([createTenant("iso-a"), createTenant("iso-b")]);
  await setPolicy(b.keys.operator, killSwitchPolicy());
  await evaluate(b.keys.agent, action("shared-name", { context: { kill: true } }));
});

describe("tenant isolation", () => {
  it("tenant A's key cannot read tenant B's agent, even with the same agent id", async () => {
    const res = await api("/v2/agents/shared-name", { key: a.keys.operator });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(b.tenant);
    const own = await api("/v2/agents/shared-name", { key: b.keys.operator });
    expect(((await own.json()) as { terminated: boolean }).terminated).toBe(true);
  });

  it("B's TERMINATE does not touch A's agent of the same name", async () => {
    expect((await evaluate(a.keys.agent, action("shared-name"))).body.decision).toBe("ALLOW");
  });

  it("A cannot reinstate B's agent (it reaches A's own, unknown agent)", async () => {
    const res = await api("/v2/agents/shared-name/reinstate", { key: a.keys.admin, json: { reason: "try" } });
    // A reinstatement always reaches A's devices (one may hold its own TERMINATE); in the cloud it finds A's agent.
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cloud: string };
    expect(["not_terminated", "unknown_agent"]).toContain(body.cloud);
    expect(JSON.stringify(body)).not.toContain(b.tenant);
    const still = (await (await api("/v2/agents/shared-name", { key: b.keys.operator })).json()) as { terminated: boolean };
    expect(still.terminated).toBe(true);
  });

  // @req CTL-access-control
  it("A's admin cannot list, issue or revoke B's keys", async () => {
    const base = `/v2/admin/tenants/${b.tenant}/keys`;
    expect((await api(base, { key: a.keys.admin })).status).toBe(403);
    expect((await api(base, { key: a.keys.admin, json: { role: "admin" } })).status).toBe(403);
    expect((await api(`${base}/${b.keyIds.agent}`, { key: a.keys.admin, method: "DELETE" })).status).toBe(403);
    expect((await evaluate(b.keys.agent, action("still-works"))).status).toBe(200);
  });

  it("each tenant reads its own policy", async () => {
    const pa = (await (await api("/v2/policies/active", { key: a.keys.auditor })).json()) as { tenant: string; seq: number };
    const pb = (await (await api("/v2/policies/active", { key: b.keys.auditor })).json()) as { tenant: string; seq: number };
    expect(pa).toMatchObject({ tenant: a.tenant, seq: 1 });
    expect(pb).toMatchObject({ tenant: b.tenant, seq: 2 });
  });

  it("every KV key written for a tenant is under t:<tenant>:", async () => {
    for (const tenant of [a.tenant, b.tenant]) {
      const listed = await env.POLICY_KV.list({ prefix: `t:${tenant}:` });
      expect(listed.keys.length).toBeGreaterThanOrEqual(5);
    }
    // Platform-wide keys (not tenant data): the policy key set's versions (durable-objects/src/policy/key-set-store.ts),
    // the development signing key, and the routing index of PolicyStores a key-set rotation pushes to — whose values
    // name only a tenant id and a region, never tenant data.
    const platform = /^platform:(policy-keyset:|policy-keyset-subscribers:|dev-policy-signing-key$)/;
    const all = await env.POLICY_KV.list();
    for (const key of all.keys) {
      if (platform.test(key.name)) continue;
      expect(key.name).toMatch(/^t:[a-z0-9-]+:(key:|policy:|meta$)/);
    }
    for (const key of all.keys.filter((k) => k.name.startsWith("platform:policy-keyset-subscribers:"))) {
      expect(Object.keys((await env.POLICY_KV.get<Record<string, unknown>>(key.name, "json")) ?? {}).sort()).toEqual(["region", "tenant"]);
    }
  });
});
