/**
 * The archive and witness routes through the Worker: `GET /v2/audit/tree-head` carries the witness
 * cosignature (verified with the key of `GET /v2/audit/witness`); `PUT /v2/audit/retention` is admin-only
 * and recorded as admin event `audit_retention.set`; `POST /v2/audit/archive/run` seals the log into R2.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createVerifier, verifyCosignature, type TreeHead } from "@nethical/core";
import { action, api, createTenant, evaluate, type TestTenant } from "./testing/api.ts";
import { waitForDecision } from "./audit/testing.ts";

let a: TestTenant;

beforeAll(async () => {
  a = await createTenant("audit-archive");
  const { headers } = await evaluate(a.keys.agent, action("arm-1"));
  await waitForDecision(a.keys.auditor, headers.get("x-nethical-audit-event-id")!);
}, 30_000);

describe("audit archive and witness routes", { timeout: 60_000 }, () => {
  it("the tree head is cosigned by the witness, whose key GET /v2/audit/witness publishes", async () => {
    const head = (await (await api("/v2/audit/tree-head", { key: a.keys.auditor })).json()) as { tree_head: TreeHead; cosignatures: unknown[]; witness: { status: string } };
    expect(head.witness.status).toBe("cosigned");
    const witness = (await (await api("/v2/audit/witness", { key: a.keys.auditor })).json()) as { public_key: { key_id: string; jwk: JsonWebKey }; refusals: unknown[] };
    expect(witness.refusals).toEqual([]);
    const verdict = await verifyCosignature(head.tree_head, head.cosignatures[0], [createVerifier(witness.public_key.key_id, witness.public_key.jwk)]);
    expect(verdict.ok).toBe(true);
  });

  // @req CTL-retention
  it("only admins set the retention policy; the change is an admin audit event; a bad policy is 422", async () => {
    for (const role of ["auditor", "operator"] as const) {
      const res = await api("/v2/audit/retention", { method: "PUT", key: a.keys[role], json: { hot_days: 1, warm_days: 2, retention_days: 3 } });
      expect(res.status).toBe(403);
      await res.body?.cancel();
    }
    const bad = await api("/v2/audit/retention", { method: "PUT", key: a.keys.admin, json: { hot_days: 400, warm_days: 30, retention_days: 2557 } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    await bad.body?.cancel();
    const res = await api("/v2/audit/retention", { method: "PUT", key: a.keys.admin, json: { hot_days: 7, warm_days: 90, retention_days: 2557 } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { policy: { rule_id: string; retention_days: number } };
    expect(body.policy).toMatchObject({ rule_id: `${a.tenant}/retention/v1`, retention_days: 2557 });
    let found: { action: string; after: { rule_id: string } } | undefined;
    for (let i = 0; i < 50 && found === undefined; i++) {
      const list = (await (await api("/v2/audit/admin-events?action=audit_retention.set", { key: a.keys.auditor })).json()) as { admin_events: { action: string; after: { rule_id: string } }[] };
      found = list.admin_events[0];
      if (found === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toMatchObject({ action: "audit_retention.set", after: { rule_id: `${a.tenant}/retention/v1` } });
  });

  it("POST /v2/audit/archive/run (admin) seals the log into R2 under the tenant's prefix", async () => {
    const denied = await api("/v2/audit/archive/run", { method: "POST", key: a.keys.auditor });
    expect(denied.status).toBe(403);
    await denied.body?.cancel();
    const res = await api("/v2/audit/archive/run", { method: "POST", key: a.keys.admin });
    expect(res.status).toBe(200);
    const run = (await res.json()) as { sealed: { key: string; to_leaf: number }[] };
    expect(run.sealed.length).toBeGreaterThan(0);
    for (const s of run.sealed) {
      expect(s.key.startsWith(`t/${a.tenant}/audit/hot/`)).toBe(true);
      expect(await env.AUDIT_ARCHIVE.head(s.key)).not.toBeNull();
    }
    const listed = (await (await api("/v2/audit/retention", { key: a.keys.auditor })).json()) as { segments: { key: string }[] };
    expect(listed.segments.map((s) => s.key)).toEqual(run.sealed.map((s) => s.key));
  });
});
