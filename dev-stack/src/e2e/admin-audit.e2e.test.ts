/**
 * Admin changes in the audit trail, end to end on real PostgreSQL under `wrangler dev`: keys issued and
 * revoked, a policy published, moved to active and replaced through the quick path, an agent terminated
 * and reinstated — each lands in `admin_events` (actor key id, before/after, no secret) with its leaf
 * index, is listed from Postgres, rebuilds from its row to the same Merkle leaf the AuditLog proves, and
 * an exported segment holding them passes the real `nethical audit verify` process (exit 0).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLeafHash, type AdminAuditEvent, type AuditSegment } from "@nethical/core";
import { adminEventFromRow } from "@nethical/durable-objects/audit-log/admin-row";
import type { AdminEventRow } from "@nethical/db";
import { POSTGRES_AVAILABLE, SKIP_NOTE } from "../local-stack.ts";
import { call, SEEDED_ADMIN_EVENTS, startAuditStack, until, type AuditStack } from "./audit-stack.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");
/** The CLI as a user runs it: its bin script under the project's pinned Node. */
const NODE = join(ROOT, "node_modules", ".bin", "node");
const NETHICAL = join(ROOT, "cli", "bin", "nethical.js");
const KILL_SWITCH = {
  version: 1,
  name: "admin-audit-kill-switch",
  default: { decision: "ALLOW" },
  rules: [{ id: "kill-switch", when: { field: "context.kill", op: "eq", value: true }, then: { decision: "TERMINATE", reason: "kill switch" } }],
};
/** The changes made below, besides the seeding's keys. */
const CHANGES = ["key.issue", "key.revoke", "policy.publish", "policy.transition", "policy.activate", "agent.reinstate"];

async function send(stack: AuditStack, key: string, path: string, method: string, json?: unknown): Promise<Response> {
  return fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
}

describe.skipIf(!POSTGRES_AVAILABLE)(`admin events end to end on PostgreSQL${SKIP_NOTE}`, () => {
  let stack: AuditStack;
  let secret: string;
  let keyIds: Record<"admin" | "operator", string>;
  let issuedId: string;
  const dir = mkdtempSync(join(tmpdir(), "nethical-admin-audit-"));

  beforeAll(async () => {
    stack = await startAuditStack();
    const { admin, operator, agent, auditor: _auditor } = stack.tenant.keys;
    const who = async (key: string) => ((await (await call(stack, key, "/v2/whoami")).json()) as { key_id: string }).key_id;
    keyIds = { admin: await who(admin), operator: await who(operator) };
    const tenant = stack.tenant.tenant;
    const issued = await send(stack, admin, `/v2/admin/tenants/${tenant}/keys`, "POST", { role: "agent", label: "temporary" });
    expect(issued.status).toBe(201);
    ({ key_id: issuedId, secret } = (await issued.json()) as { key_id: string; secret: string });
    expect((await send(stack, admin, `/v2/admin/tenants/${tenant}/keys/${issuedId}`, "DELETE")).status).toBe(200);
    expect((await send(stack, operator, "/v2/policies?policy_id=payments", "POST", { ...KILL_SWITCH, name: "payments" })).status).toBe(201);
    expect((await send(stack, admin, "/v2/policies/payments/versions/1/transition", "POST", { to: "active" })).status).toBe(200);
    expect((await send(stack, operator, "/v2/policies/active", "PUT", KILL_SWITCH)).status).toBe(200);
    const killed = await call(stack, agent, "/v2/evaluate", { agent_id: "arm-9", action: "move", action_type: "tool_call", context: { kill: true } });
    expect(((await killed.json()) as { decision: string }).decision).toBe("TERMINATE");
    expect((await send(stack, operator, "/v2/agents/arm-9/reinstate", "POST", { reason: "checked by the on-call operator" })).status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("stores every admin change in admin_events with actor key id, before/after and its leaf index; no secret", async () => {
    const want = SEEDED_ADMIN_EVENTS + CHANGES.length;
    expect(await until(async () => (await stack.adminRows()).length >= want, 60_000)).toBe(true);
    const rows = (await stack.adminRows()).map((r) => r.row);
    expect(rows).toHaveLength(want);
    expect(rows.map((r) => r.action).sort()).toEqual([...Array(SEEDED_ADMIN_EVENTS).fill("key.issue"), ...CHANGES].sort());
    const byAction = (action: string) => rows.filter((r) => r.action === action).at(-1) as Record<string, unknown>;
    expect(byAction("key.revoke")).toMatchObject({ actor_key_id: keyIds.admin, actor_role: "admin", target_type: "api_key", target_id: issuedId, before: { revoked_at: null, role: "agent" } });
    expect((byAction("key.revoke").after as { revoked_at: string | null }).revoked_at).toMatch(/^\d{4}-/);
    expect(byAction("policy.transition")).toMatchObject({ actor_key_id: keyIds.admin, target_id: "payments", before: { status: "quarantine" }, after: { status: "active" } });
    expect(byAction("policy.activate")).toMatchObject({ actor_key_id: keyIds.operator });
    expect(byAction("agent.reinstate")).toMatchObject({ actor_key_id: keyIds.operator, target_type: "agent", target_id: "arm-9", before: { terminated: true }, after: { terminated: false }, reason: "checked by the on-call operator" });
    const text = JSON.stringify(rows);
    for (const s of [secret, ...Object.values(stack.tenant.keys)]) expect(text).not.toContain(s);
    // Decisions and admin events share one leaf sequence with no gap.
    expect(await until(async () => (await stack.rows()).length >= 1, 30_000)).toBe(true);
    const leaves = await stack.leafIndices();
    expect(leaves).toEqual(Array.from({ length: leaves.length }, (_, i) => i));
  }, 90_000);

  it("lists them from Postgres, and each row rebuilds to the leaf the AuditLog proves", async () => {
    const { auditor } = stack.tenant.keys;
    const res = await call(stack, auditor, "/v2/audit/admin-events?limit=500");
    expect(res.headers.get("x-nethical-audit-source")).toBe("postgres");
    const listed = ((await res.json()) as { admin_events: (AdminAuditEvent & { leaf_index: number })[] }).admin_events;
    expect(listed).toHaveLength(SEEDED_ADMIN_EVENTS + CHANGES.length);
    const rows = await stack.query("SELECT * FROM admin_events WHERE tenant = $1", [stack.tenant.tenant]);
    for (const raw of rows) {
      const row = {
        eventId: raw.event_id, tenant: raw.tenant, occurredAt: new Date(raw.occurred_at as string), actorKeyId: raw.actor_key_id, actorRole: raw.actor_role,
        action: raw.action, targetType: raw.target_type, targetId: raw.target_id, before: raw.before, after: raw.after, reason: raw.reason,
        leafIndex: Number(raw.leaf_index), insertedAt: new Date(raw.inserted_at as string),
      } as AdminEventRow;
      const { event, leaf_index } = adminEventFromRow(row);
      const proof = (await (await call(stack, auditor, `/v2/audit/${event.event_id}`)).json()) as { event: AdminAuditEvent; leaf_index: number };
      expect(proof.leaf_index).toBe(leaf_index);
      expect(Buffer.from(auditLeafHash(event)).toString("hex")).toBe(Buffer.from(auditLeafHash(proof.event)).toString("hex"));
    }
  }, 90_000);

  it("an exported segment holding the admin events passes `nethical audit verify` (the real CLI process)", async () => {
    const { auditor } = stack.tenant.keys;
    const segment = (await (await call(stack, auditor, "/v2/audit/export", {})).json()) as AuditSegment;
    const admin = segment.entries.filter((e) => (e.event as { kind?: string }).kind === "admin");
    expect(admin).toHaveLength(SEEDED_ADMIN_EVENTS + CHANGES.length);
    const file = join(dir, "segment.json");
    writeFileSync(file, JSON.stringify(segment));
    const out = execFileSync(NODE, [NETHICAL, "audit", "verify", file, "--complete", `0..${segment.tree_head.tree_size}`], { cwd: ROOT, encoding: "utf8" });
    expect(out).toContain(`VERIFIED: ${segment.entries.length} of ${segment.entries.length} events proven`);
    // The same segment with one admin event's "after" altered fails (exit 1).
    const altered = structuredClone(segment);
    const revoke = altered.entries.find((e) => (e.event as AdminAuditEvent).action === "key.revoke")!;
    (revoke.event as AdminAuditEvent).after = { revoked_at: null };
    writeFileSync(file, JSON.stringify(altered));
    let code = 0;
    try {
      execFileSync(NODE, [NETHICAL, "audit", "verify", file], { cwd: ROOT, encoding: "utf8" });
    } catch (error) {
      code = (error as { status: number }).status;
      expect((error as { stdout: string }).stdout).toContain(`FAIL leaf ${revoke.leaf_index}`);
    }
    expect(code).toBe(1);
  }, 60_000);
});
