/**
 * Helpers for the approvals and appeals workerd tests: a policy that asks for approval, and waiting for an
 * admin event in the audit trail.
 */
import type { AdminAuditEvent } from "@nethical/core";
import { api, killSwitchPolicy } from "../testing/api.ts";

/**
 * The kill-switch test policy plus a rule: `context.export` true → RESTRICT requiring human approval.
 *
 * @example
 * await setPolicy(keys.operator, approvalPolicy());
 */
export function approvalPolicy(): Record<string, unknown> {
  const base = killSwitchPolicy();
  const rule = {
    id: "export-needs-approval",
    when: { field: "context.export", op: "eq", value: true },
    then: { decision: "RESTRICT", obligations: [{ type: "require_human_approval", reason: "Bulk export" }], reason: "Bulk export needs approval" },
  };
  return { ...base, rules: [...(base.rules as unknown[]), rule] };
}

/**
 * Poll `GET /v2/audit/admin-events?action=…` with an auditor or admin key until an event for `targetId`
 * is there (the audit Queue consumer appended it), or throw.
 *
 * @example
 * const event = await waitForAdminEvent(keys.auditor, "approval.approve", approvalId);
 */
export async function waitForAdminEvent(key: string, action: string, targetId: string, timeoutMs = 10_000): Promise<AdminAuditEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(`/v2/audit/admin-events?action=${encodeURIComponent(action)}&limit=100`, { key });
    if (res.status === 200) {
      const page = (await res.json()) as { admin_events: AdminAuditEvent[] };
      const found = page.admin_events.find((e) => e.target.id === targetId);
      if (found !== undefined) return found;
    } else await res.body?.cancel();
    if (Date.now() > deadline) throw new Error(`admin event ${action} for ${targetId} not recorded within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
