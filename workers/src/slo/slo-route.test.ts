/**
 * The SLO routes (workerd, through the real app): roles, the default profile (cloud) and choosing another,
 * the answer matching the API description, the change in the audit trail, and the decision path using the
 * chosen profile's budget in this isolate right away.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SLO_PROFILES } from "@nethical/core/slo/profiles.ts";
import { api, createTenant, type TestTenant } from "../testing/api.ts";
import { tenantProfile } from "./tenant-profile.ts";

let t: TestTenant;

beforeAll(async () => {
  t = await createTenant("slo-route");
});

interface Setting {
  profile: { name: string; latency_ms: { p50: number; p95: number; p99: number }; availability: number; decision_budget_ms: number };
  updated_at: string | null;
  updated_by: string | null;
}

describe("GET /v2/slo and PUT /v2/slo/profile", () => {
  it("refuses agents (read) and auditors (write)", async () => {
    expect((await api("/v2/slo", { key: t.keys.agent })).status).toBe(403);
    expect((await api("/v2/slo/profile", { method: "PUT", key: t.keys.auditor, json: { profile: "edge" } })).status).toBe(403);
    expect((await api("/v2/slo")).status).toBe(401);
  });

  it("starts on cloud, with no traffic no burn rate and no alert", async () => {
    const res = await api("/v2/slo", { key: t.keys.auditor });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { setting: Setting; requests: Record<string, number>; burn_rates: Record<string, Record<string, number | null>>; alerts: { firing: boolean }[]; open_episodes: unknown[]; breakers: unknown };
    expect(body.setting).toEqual({ profile: { ...SLO_PROFILES.cloud, decision_budget_ms: 250 }, updated_at: null, updated_by: null });
    expect(body.requests["1h"]).toBe(0);
    expect(body.burn_rates["1h"]?.p99).toBeNull();
    expect(body.alerts.every((a) => !a.firing)).toBe(true);
    expect(body.open_episodes).toEqual([]);
    expect(body.breakers).toEqual({ kv: "closed", policy_store: "closed", agent_state_not_closed: [] });
  });

  it("an operator chooses safety-critical: answered, audited, and used by this isolate's next decision", async () => {
    const bad = await api("/v2/slo/profile", { method: "PUT", key: t.keys.operator, json: { profile: "fastest" } });
    expect(bad.status).toBe(422); // validation-failed
    expect(bad.headers.get("content-type")).toMatch(/^application\/problem\+json/);

    const res = await api("/v2/slo/profile", { method: "PUT", key: t.keys.operator, json: { profile: "safety-critical" } });
    expect(res.status).toBe(200);
    const setting = (await res.json()) as Setting;
    expect(setting.profile).toMatchObject({ name: "safety-critical", latency_ms: { p50: 10, p95: 25, p99: 50 }, availability: 0.99999, decision_budget_ms: 50 });
    expect(setting.updated_by).toBe(t.keyIds.operator);

    const read = (await (await api("/v2/slo", { key: t.keys.operator })).json()) as { setting: Setting };
    expect(read.setting.profile.name).toBe("safety-critical");
    expect(tenantProfile(env, t.tenant, Date.now(), () => undefined).latency_ms.p99).toBe(50);

    // The admin event reaches the AuditLog through the audit Queue, after the answer.
    type Listed = { admin_events: { action: string; actor: { key_id: string }; before: unknown; after: unknown }[] };
    let admin_events: Listed["admin_events"] = [];
    for (let i = 0; i < 50 && admin_events.length === 0; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      const events = await api("/v2/audit/admin-events?action=slo.set_profile", { key: t.keys.auditor });
      expect(events.status).toBe(200);
      admin_events = ((await events.json()) as Listed).admin_events;
    }
    expect(admin_events.map((e) => [e.action, e.actor.key_id, e.before, e.after])).toEqual([["slo.set_profile", t.keyIds.operator, { profile: "cloud" }, { profile: "safety-critical" }]]);
  });
});
