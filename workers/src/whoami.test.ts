/**
 * `GET /v2/whoami`: the caller's tenant, role and key id after the same middleware as every `/v2` route
 * (authentication, the per-key and per-tenant limits), without a decision. It is also the load suite's
 * no-op baseline (bench/http-load.bench.ts), so this checks that it really takes that path: unauthenticated
 * and revoked keys are refused, and its calls count against the key's limit like an evaluate's
 * (vitest.config.ts: 300 per key per 60 s here).
 */
import { describe, expect, it } from "vitest";
import { action, api, bootstrapKey, createTenant, issueKey } from "./testing/api.ts";

describe("GET /v2/whoami", () => {
  it("answers each role's tenant, role and key id, never the key, and makes no decision", async () => {
    const t = await createTenant("whoami");
    for (const role of ["agent", "operator", "auditor", "admin"] as const) {
      const res = await api("/v2/whoami", { key: t.keys[role] });
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-request-id")).toBeTruthy();
      expect(res.headers.get("x-nethical-audit-event-id")).toBeNull();
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ kind: "tenant", tenant: t.tenant, role, key_id: t.keyIds[role] });
      expect(text).not.toContain(t.keys[role].split(".").at(-1));
    }
  });

  it("answers the platform for the bootstrap key", async () => {
    const res = await api("/v2/whoami", { key: bootstrapKey() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ kind: "platform" });
  });

  it("refuses no key, a wrong key and a revoked key with 401 problem+json", async () => {
    const t = await createTenant("whoami-401");
    const issued = await issueKey(t.tenant, "agent", t.keys.admin);
    expect((await api("/v2/whoami", { key: issued.secret })).status).toBe(200);
    const revoked = await api(`/v2/admin/tenants/${t.tenant}/keys/${issued.key_id}`, { method: "DELETE", key: t.keys.admin });
    expect(revoked.status).toBeLessThan(300);
    for (const res of [await api("/v2/whoami"), await api("/v2/whoami", { key: `nk_${t.tenant}.0123456789abcdef.${"A".repeat(43)}` }), await api("/v2/whoami", { key: issued.secret })]) {
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("counts against the key's limit: once whoami has spent it, evaluate with that key is 429 too", async () => {
    const t = await createTenant("whoami-limit");
    let before = -1;
    for (let i = 0; i < 2 * 300 + 5; i++) {
      if ((await api("/v2/whoami", { key: t.keys.agent })).status === 429) {
        before = i;
        break;
      }
    }
    expect(before).toBeGreaterThanOrEqual(300);
    const res = await api("/v2/evaluate", { key: t.keys.agent, json: action("whoami-limit-agent") });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { limit: string }).limit).toBe("key");
  });
});
