/**
 * `GET /v2/audit/keys` through the Worker: auditors and admins read it (agents and operators get 403
 * problem+json, no key 401); it is the tenant's own list, its current key is the key of `GET
 * /v2/audit/tree-head`, and an export verifies against it (what `nethical audit verify --keys` does).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { AuditKeyListSchema, verifySegment } from "@nethical/core";
import { action, api, createTenant, evaluate, type TestTenant } from "./testing/api.ts";
import { waitForDecision } from "./audit/testing.ts";

let a: TestTenant;

beforeAll(async () => {
  a = await createTenant("audit-keys");
  const { headers } = await evaluate(a.keys.agent, action("arm-1"));
  await waitForDecision(a.keys.auditor, headers.get("x-nethical-audit-event-id")!);
}, 30_000);

describe("GET /v2/audit/keys", () => {
  it("auditor and admin read the tenant's key list; agent and operator get 403, no key 401 (problem+json)", async () => {
    for (const role of ["auditor", "admin"] as const) {
      const res = await api("/v2/audit/keys", { key: a.keys[role] });
      expect(res.status).toBe(200);
      const list = AuditKeyListSchema.parse(await res.json());
      expect(list.log_id).toBe(a.tenant);
    }
    for (const key of [a.keys.agent, a.keys.operator, undefined]) {
      const res = await api("/v2/audit/keys", key === undefined ? {} : { key });
      expect(res.status).toBe(key === undefined ? 401 : 403);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      await res.body?.cancel();
    }
  });

  it("the current key is the tree head's key, and an export verifies against the list", async () => {
    const list = AuditKeyListSchema.parse(await (await api("/v2/audit/keys", { key: a.keys.auditor })).json());
    const head = (await (await api("/v2/audit/tree-head", { key: a.keys.auditor })).json()) as { tree_head: { key_id: string }; public_key: { key_id: string; jwk: { x: string } } };
    expect(list.current_key_id).toBe(head.tree_head.key_id);
    const current = list.keys.find((k) => k.status === "current");
    expect(current).toMatchObject({ key_id: head.public_key.key_id, jwk: { x: head.public_key.jwk.x } });
    const segment = await (await api("/v2/audit/export", { method: "POST", key: a.keys.auditor, json: {} })).json();
    const report = await verifySegment(segment, { keyList: list.keys });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
