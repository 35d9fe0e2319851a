/**
 * Authentication and role-based authorisation: who may call what, revocation that takes effect, and
 * secrets that are shown once and stored only as SHA-256.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeyKey } from "@nethical/durable-objects/storage-keys";
import { hashApiKey } from "./auth/api-key.ts";
import { forgetCachedKeys } from "./auth/key-store.ts";
import { action, api, bootstrapKey, createTenant, evaluate, issueKey, type TestTenant } from "./testing/api.ts";

let t: TestTenant;
beforeAll(async () => {
  t = await createTenant("auth");
  await evaluate(t.keys.agent, action("agent-1"));
});

describe("authentication", () => {
  // @req CTL-access-control
  it("no key, a malformed header, garbage or an unknown well-formed key → 401 with a Bearer challenge", async () => {
    const unknown = `nk_${t.tenant}.0123456789abcdef.${"A".repeat(43)}`;
    const cases = [
      await api("/v2/evaluate", { json: action("a") }),
      await api("/v2/evaluate", { json: action("a"), headers: { authorization: `Basic ${btoa("u:p")}` } }),
      await api("/v2/evaluate", { key: "garbage", json: action("a") }),
      await api("/v2/evaluate", { key: unknown, json: action("a") }),
    ];
    for (const res of cases) {
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
    }
  });

  it("a key with another tenant's name but this tenant's secret is refused", async () => {
    const other = await createTenant("auth-other");
    const forged = t.keys.agent.replace(`nk_${t.tenant}.`, `nk_${other.tenant}.`);
    expect((await api("/v2/evaluate", { key: forged, json: action("a") })).status).toBe(401);
  });

  it("the bootstrap key matches only exactly", async () => {
    const key = bootstrapKey();
    expect((await api("/v2/admin/tenants", { key: key.slice(0, -1), json: { tenant: "x-prefix" } })).status).toBe(401);
    expect((await api("/v2/admin/tenants", { key: `${key}x`, json: { tenant: "x-suffix" } })).status).toBe(401);
  });

  it("/health needs no key and shows no secrets", async () => {
    const res = await api("/health");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(bootstrapKey());
    expect(JSON.parse(text)).toEqual({ status: "ok", service: "nethical-edge" });
  });
});

describe("roles", () => {
  const routes = {
    evaluate: () => ({ path: "/v2/evaluate", init: { json: action("agent-1") } }),
    readAgent: () => ({ path: "/v2/agents/agent-1", init: {} }),
    reinstate: () => ({ path: "/v2/agents/agent-1/reinstate", init: { json: { reason: "check" } } }),
    readPolicy: () => ({ path: "/v2/policies/active", init: {} }),
    writePolicy: () => ({
      path: "/v2/policies/active",
      init: { method: "PUT", json: { version: 1, name: "p", default: { decision: "ALLOW" }, rules: [] } },
    }),
    listKeys: () => ({ path: `/v2/admin/tenants/${t.tenant}/keys`, init: {} }),
    issueKey: () => ({ path: `/v2/admin/tenants/${t.tenant}/keys`, init: { json: { role: "agent" } } }),
    createTenant: () => ({ path: "/v2/admin/tenants", init: { json: { tenant: `new-${crypto.randomUUID().slice(0, 8)}` } } }),
  } as const;
  type RouteName = keyof typeof routes;

  // 403 = refused by role; anything else (200, 201, 409 "not terminated") = allowed through.
  const refused: Record<"agent" | "operator" | "auditor" | "admin", RouteName[]> = {
    agent: ["readAgent", "reinstate", "readPolicy", "writePolicy", "listKeys", "issueKey", "createTenant"],
    operator: ["listKeys", "issueKey", "createTenant"],
    auditor: ["evaluate", "reinstate", "writePolicy", "issueKey", "createTenant"],
    admin: ["createTenant"],
  };

  for (const role of ["agent", "operator", "auditor", "admin"] as const) {
    // @req REQ-AUTHZ-ROLES
    it(`${role} keys may do exactly what their role allows`, async () => {
      for (const name of Object.keys(routes) as RouteName[]) {
        const { path, init } = routes[name]();
        const res = await api(path, { key: t.keys[role], ...init });
        if (refused[role].includes(name)) expect({ name, status: res.status }).toEqual({ name, status: 403 });
        else expect({ name, status: res.status }).not.toEqual({ name, status: 403 });
        expect(res.status).toBeLessThan(500);
      }
    });
  }

  it("the platform bootstrap key creates tenants and manages keys, but is no tenant member", async () => {
    expect((await api("/v2/evaluate", { key: bootstrapKey(), json: action("a") })).status).toBe(403);
    expect((await api("/v2/agents/agent-1", { key: bootstrapKey() })).status).toBe(403);
    expect((await api(`/v2/admin/tenants/${t.tenant}/keys`, { key: bootstrapKey() })).status).toBe(200);
  });

  it("creating an existing tenant → 409", async () => {
    const res = await api("/v2/admin/tenants", { key: bootstrapKey(), json: { tenant: t.tenant } });
    expect(res.status).toBe(409);
  });

  it("issuing keys for a tenant that does not exist → 404", async () => {
    const res = await api("/v2/admin/tenants/no-such-tenant-zz/keys", { key: bootstrapKey(), json: { role: "agent" } });
    expect(res.status).toBe(404);
  });
});

describe("revocation", () => {
  it("a revoked key is refused at once in this isolate, and by a fresh isolate reading KV", async () => {
    const key = await issueKey(t.tenant, "agent", t.keys.admin);
    expect((await evaluate(key.secret, action("agent-r"))).status).toBe(200); // cached in L1 now
    const revoked = await api(`/v2/admin/tenants/${t.tenant}/keys/${key.key_id}`, { key: t.keys.admin, method: "DELETE" });
    expect(revoked.status).toBe(200);
    expect((await api("/v2/evaluate", { key: key.secret, json: action("agent-r") })).status).toBe(401);
    forgetCachedKeys();
    expect((await api("/v2/evaluate", { key: key.secret, json: action("agent-r") })).status).toBe(401);
  });

  it("revoking an unknown key → 404; the list shows revoked keys with their time", async () => {
    const key = await issueKey(t.tenant, "auditor", bootstrapKey());
    expect((await api(`/v2/admin/tenants/${t.tenant}/keys/ffffffffffffffff`, { key: t.keys.admin, method: "DELETE" })).status).toBe(404);
    await api(`/v2/admin/tenants/${t.tenant}/keys/${key.key_id}`, { key: t.keys.admin, method: "DELETE" });
    const list = (await (await api(`/v2/admin/tenants/${t.tenant}/keys`, { key: t.keys.admin })).json()) as { keys: { key_id: string; revoked_at?: string }[] };
    expect(list.keys.find((k) => k.key_id === key.key_id)?.revoked_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(list.keys.find((k) => k.key_id === t.keyIds.agent)?.revoked_at).toBeUndefined();
  });
});

describe("secrets", () => {
  it("the secret is in the issue response only; listings, revocations and KV hold neither it nor its hash in the clear", async () => {
    const res = await api(`/v2/admin/tenants/${t.tenant}/keys`, { key: t.keys.admin, json: { role: "operator", label: "ci" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const issued = (await res.json()) as { secret: string; key_id: string; role: string; label: string };
    expect(issued).toMatchObject({ role: "operator", label: "ci" });
    const hash = await hashApiKey(issued.secret);

    const listText = await (await api(`/v2/admin/tenants/${t.tenant}/keys`, { key: t.keys.admin })).text();
    expect(listText).toContain(issued.key_id);
    expect(listText).not.toContain(issued.secret);
    expect(listText).not.toContain(hash);

    const stored = await env.POLICY_KV.get(apiKeyKey(t.tenant, issued.key_id));
    expect(stored).not.toBeNull();
    expect(stored).not.toContain(issued.secret);
    expect(JSON.parse(stored as string).hash).toBe(hash);

    const revokeText = await (await api(`/v2/admin/tenants/${t.tenant}/keys/${issued.key_id}`, { key: t.keys.admin, method: "DELETE" })).text();
    expect(revokeText).not.toContain(issued.secret);
    expect(revokeText).not.toContain(hash);
  });

  it("a presented key is never echoed in an error", async () => {
    const secret = `nk_${t.tenant}.0123456789abcdef.${"Z".repeat(43)}`;
    const text = await (await api("/v2/evaluate", { key: secret, json: action("a") })).text();
    expect(text).not.toContain(secret);
  });
});
