/**
 * Admin changes in the audit trail (workerd, queue → AuditLog, no Postgres): keys issued and revoked, a
 * policy published, transitioned and activated, an agent reinstated — each an admin event with the
 * actor's key id and before/after, listed by `GET /v2/audit/admin-events`, never among decisions, and
 * exported in a segment that verifies offline with the same code `nethical audit verify` runs.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { verifySegment, type AdminAuditEvent, type AuditSegment } from "@nethical/core";
import { action, api, createTenant, defaultPolicyWith, evaluate, issueKey, killSwitchPolicy, setPolicy, type TestTenant } from "./testing/api.ts";

type Listed = AdminAuditEvent & { leaf_index: number; proof: string };

let t: TestTenant;
let other: TestTenant;
let revokedKeyId: string;

async function adminEvents(key: string, query = ""): Promise<Listed[]> {
  const all: Listed[] = [];
  let cursor: string | null = null;
  do {
    const res = await api(`/v2/audit/admin-events?limit=3${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { key });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { admin_events: Listed[]; next_cursor: string | null };
    all.push(...page.admin_events);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return all;
}

async function waitFor(key: string, count: number): Promise<Listed[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const list = await adminEvents(key);
    if (list.length >= count || Date.now() > deadline) return list;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  t = await createTenant("admin-audit"); // 4 × key.issue by the platform key
  other = await createTenant("admin-audit-other");
  await setPolicy(t.keys.operator, killSwitchPolicy()); // policy.activate
  await evaluate(t.keys.agent, action("arm-1", { context: { kill: true } }));
  const reinstated = await api("/v2/agents/arm-1/reinstate", { key: t.keys.operator, json: { reason: "false positive, checked" } });
  expect(reinstated.status).toBe(200); // agent.reinstate
  const extra = await issueKey(t.tenant, "agent", t.keys.admin); // key.issue by the tenant admin
  revokedKeyId = extra.key_id;
  expect((await api(`/v2/admin/tenants/${t.tenant}/keys/${extra.key_id}`, { method: "DELETE", key: t.keys.admin })).status).toBe(200); // key.revoke
  const published = await api("/v2/policies?policy_id=payments", { key: t.keys.operator, json: defaultPolicyWith([]) });
  expect(published.status).toBe(201); // policy.publish
  const moved = await api("/v2/policies/payments/versions/1/transition", { key: t.keys.admin, json: { to: "active" } });
  expect(moved.status).toBe(200); // policy.transition
}, 30_000);

describe("admin events in the audit trail", () => {
  it("records every admin change with its actor key id and before/after", async () => {
    const events = await waitFor(t.keys.auditor, 10);
    // Listed by (time, event_id): changes made within one millisecond may come in either order.
    expect(events.map((e) => e.action).sort()).toEqual(
      ["key.issue", "key.issue", "key.issue", "key.issue", "policy.activate", "agent.reinstate", "key.issue", "key.revoke", "policy.publish", "policy.transition"].sort(),
    );
    for (const e of events) {
      expect(e.kind).toBe("admin");
      expect(e.tenant).toBe(t.tenant);
      expect(e.proof).toBe(`/v2/audit/${e.event_id}`);
    }
    // The tenant's first four keys were issued by the platform bootstrap key.
    const byPlatform = events.filter((e) => e.actor.key_id === "platform");
    expect(byPlatform.map((e) => [e.action, e.actor.role])).toEqual(Array(4).fill(["key.issue", "platform"]));
    expect(byPlatform.map((e) => e.target.id).sort()).toEqual(Object.values(t.keyIds).sort());
    const reinstate = events.find((e) => e.action === "agent.reinstate")!;
    expect(reinstate).toMatchObject({
      actor: { key_id: t.keyIds.operator, role: "operator" },
      target: { type: "agent", id: "arm-1" },
      before: { terminated: true, terminated_seq: 1 },
      after: { terminated: false },
      reason: "false positive, checked",
    });
    const revoke = events.find((e) => e.action === "key.revoke")!;
    expect(revoke.actor).toEqual({ key_id: t.keyIds.admin, role: "admin" });
    expect(revoke.target).toEqual({ type: "api_key", id: revokedKeyId });
    expect(revoke.before).toMatchObject({ role: "agent", revoked_at: null });
    expect(typeof revoke.after?.revoked_at).toBe("string");
    const transition = events.find((e) => e.action === "policy.transition")!;
    expect(transition.actor.key_id).toBe(t.keyIds.admin);
    expect(transition.before).toMatchObject({ version: 1, status: "quarantine" });
    expect(transition.after).toMatchObject({ version: 1, status: "active" });
    const activeBefore = (transition.before as { active: { seq: number } }).active.seq;
    expect((transition.after as { active: { seq: number } }).active.seq).toBeGreaterThan(activeBefore);
    const activate = events.find((e) => e.action === "policy.activate")!;
    expect(activate.actor.key_id).toBe(t.keyIds.operator);
    expect((activate.after as { active: { hash: string } }).active.hash).toMatch(/^[0-9a-f]{64}$/);
    // No secret and no key hash anywhere in the trail.
    const text = JSON.stringify(events);
    for (const secret of Object.values(t.keys)) expect(text).not.toContain(secret);
    for (const e of events.filter((x) => x.target.type === "api_key")) expect(Object.keys({ ...e.before, ...e.after })).not.toContain("hash");
  });

  it("filters by action and by agent; decisions listings never show admin events", async () => {
    expect((await adminEvents(t.keys.admin, "&action=key.revoke")).map((e) => e.target.id)).toEqual([revokedKeyId]);
    expect((await adminEvents(t.keys.admin, "&agent_id=arm-1")).map((e) => e.action)).toEqual(["agent.reinstate"]);
    const decisions = (await (await api("/v2/decisions?limit=500", { key: t.keys.auditor })).json()) as { decisions: { event_id: string }[] };
    const adminIds = new Set((await adminEvents(t.keys.auditor)).map((e) => e.event_id));
    expect(decisions.decisions.length).toBeGreaterThan(0);
    expect(decisions.decisions.filter((d) => adminIds.has(d.event_id))).toEqual([]);
    expect((await api("/v2/audit/admin-events?action=Key.Revoke", { key: t.keys.auditor })).status).toBe(422);
  });

  // @req REQ-AUTHZ-ROLES
  it("only auditors and admins may list them, and only their own tenant's", async () => {
    for (const role of ["agent", "operator"] as const) expect((await api("/v2/audit/admin-events", { key: t.keys[role] })).status).toBe(403);
    expect((await api("/v2/audit/admin-events")).status).toBe(401);
    const mine = new Set((await adminEvents(t.keys.auditor)).map((e) => e.event_id));
    const theirs = await adminEvents(other.keys.auditor);
    expect(theirs.length).toBe(4); // their own four key.issue events
    expect(theirs.filter((e) => mine.has(e.event_id))).toEqual([]);
  });

  it("exports a segment holding admin events and decisions that verifies, each admin leaf proven", async () => {
    const events = await waitFor(t.keys.auditor, 10);
    const res = await api("/v2/audit/export", { key: t.keys.auditor, json: {} });
    expect(res.status).toBe(200);
    const segment = (await res.json()) as AuditSegment;
    const kinds = segment.entries.map((e) => ((e.event as { kind?: string }).kind === "admin" ? "admin" : "decision"));
    expect(kinds.filter((k) => k === "admin").length).toBe(events.length);
    expect(kinds).toContain("decision");
    const report = await verifySegment(segment);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.entries_verified).toBe(segment.entries.length);
    expect(report.range?.contiguous).toBe(true);
    // Only the admin events, by filter: still proven against the same signed head.
    const onlyAdmin = (await (await api("/v2/audit/export", { key: t.keys.auditor, json: { kind: "admin" } })).json()) as AuditSegment;
    expect(onlyAdmin.entries.map((e) => (e.event as AdminAuditEvent).event_id).sort()).toEqual(events.map((e) => e.event_id).sort());
    expect((await verifySegment(onlyAdmin)).ok).toBe(true);
    // Tampering with an admin event's before/after breaks its proof.
    const tampered = structuredClone(onlyAdmin);
    const revoke = tampered.entries.find((e) => (e.event as AdminAuditEvent).action === "key.revoke")!;
    (revoke.event as AdminAuditEvent).actor.key_id = t.keyIds.auditor;
    const bad = await verifySegment(tampered);
    expect(bad.ok).toBe(false);
    expect(bad.checks.find((c) => !c.ok)?.name).toBe(`leaf ${revoke.leaf_index}`);
  });

  it("serves an admin event's inclusion proof from GET /v2/audit/{id}", async () => {
    const [first] = await adminEvents(t.keys.auditor, "&action=agent.reinstate");
    const res = await api(first!.proof, { key: t.keys.auditor });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { event: AdminAuditEvent; leaf_index: number };
    expect(body.event.action).toBe("agent.reinstate");
    expect(body.leaf_index).toBe(first!.leaf_index);
    // …but it is not a decision.
    expect((await api(`/v2/decisions/${first!.event_id}`, { key: t.keys.auditor })).status).toBe(404);
  });
});
