/**
 * Human approvals end to end in workerd (real Worker, AgentState, Oversight object, audit Queue): a RESTRICT
 * requiring approval opens one; an operator approves; the agent's retry of the same request is ALLOWed once,
 * with the approver's key id in the decision and the audit trail. An approval is refused for a different
 * request, another agent, another tenant, after use, after denial and after expiry; roles are enforced.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { approvalRequestHash } from "@nethical/core/approvals/index.ts";
import type { EvaluateRequest } from "@nethical/core";
import { waitForDecision } from "../audit/testing.ts";
import { api, createTenant, evaluate, setPolicy, type DecisionBody, type TestTenant } from "../testing/api.ts";
import { oversightStub } from "./oversight-stub.ts";
import { approvalPolicy, waitForAdminEvent } from "./testing.ts";
import { ApprovalView } from "./views.ts";

interface Approval {
  approval_id: string;
  status: string;
  agent_id: string;
  decision_id: string;
  requested_by: string;
  decided_by: string | null;
  used_decision_id: string | null;
  request_hash: string;
  reason: string;
  expires_at: string;
}

type ApprovalObligation = { type: string; approval_id?: string; expires_at?: string; reason?: string };

let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  t = await createTenant("approvals");
  other = await createTenant("approvals-other");
  await setPolicy(t.keys.operator, approvalPolicy());
  await setPolicy(other.keys.operator, approvalPolicy());
});

function exportRequest(agentId: string, extra: Record<string, unknown> = {}): EvaluateRequest {
  return { agent_id: agentId, action: "export the customer table", action_type: "data_access", tool: { name: "export", arguments: { table: "customers" } }, context: { export: true }, ...extra } as EvaluateRequest;
}

/** Evaluate `request`: it must be a RESTRICT that opened an approval; returns the approval id. */
async function openApproval(key: string, request: EvaluateRequest): Promise<{ id: string; body: DecisionBody }> {
  const { status, body } = await evaluate(key, request);
  expect(status).toBe(200);
  expect(body.decision).toBe("RESTRICT");
  const obligation = (body.obligations as ApprovalObligation[]).find((o) => o.type === "require_human_approval");
  expect(obligation?.approval_id).toMatch(/^apr_[0-9a-f]{32}$/);
  expect(Date.parse(obligation?.expires_at ?? "")).toBeGreaterThan(Date.now());
  return { id: obligation?.approval_id as string, body };
}

async function decide(key: string, id: string, verdict: "approve" | "deny", note?: string): Promise<Response> {
  return api(`/v2/approvals/${id}/${verdict}`, { key, method: "POST", ...(note !== undefined ? { json: { note } } : {}) });
}

async function getApproval(key: string, id: string): Promise<Approval> {
  const res = await api(`/v2/approvals/${id}`, { key });
  expect(res.status).toBe(200);
  return (await res.json()) as Approval;
}

async function refusal(res: Response): Promise<{ status: number; type: string; approval_refusal?: string }> {
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  return { status: res.status, ...((await res.json()) as { type: string; approval_refusal?: string }) };
}

describe("approvals", () => {
  // @req CTL-human-oversight
  it("RESTRICT requiring approval opens one; approved, the same request retried is ALLOWed once with the approver's key id", async () => {
    const request = exportRequest("exporter-1");
    const { id, body: restricted } = await openApproval(t.keys.agent, request);

    // Asking again while a person decides: the same approval.
    const again = await openApproval(t.keys.agent, request);
    expect(again.id).toBe(id);

    const pending = await getApproval(t.keys.operator, id);
    expect(pending).toMatchObject({ status: "pending", agent_id: "exporter-1", decision_id: restricted.decision_id, requested_by: t.keyIds.agent, reason: "Bulk export", decided_by: null });
    expect(pending.request_hash).toBe(await approvalRequestHash(request));
    expect(ApprovalView.safeParse(pending).error).toBeUndefined(); // the documented schema
    const listed = await api("/v2/approvals?status=pending", { key: t.keys.auditor });
    expect(((await listed.json()) as { approvals: Approval[] }).approvals.map((a) => a.approval_id)).toContain(id);

    // Not decided yet: the retry is refused, nothing decided.
    expect(await refusal(await api("/v2/evaluate", { key: t.keys.agent, json: { ...request, approval_id: id } }))).toMatchObject({ status: 409, approval_refusal: "pending" });

    const approved = await decide(t.keys.operator, id, "approve", "checked with the data owner");
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: "approved", decided_by: t.keyIds.operator, note: "checked with the data owner" });

    // The retry (a new request_id: not part of the hash) is ALLOWed, the approver named.
    const retried = await evaluate(t.keys.agent, { ...request, request_id: "retry-1", approval_id: id });
    expect(retried.status).toBe(200);
    expect(retried.body.decision).toBe("ALLOW");
    expect(retried.body.obligations).toEqual([]);
    expect(retried.body.approval).toMatchObject({ approval_id: id, approved_by: t.keyIds.operator });
    expect(retried.body.explanation.decided_by[0]).toMatchObject({ kind: "approval", id, decision: "ALLOW" });
    expect(retried.body.explanation.decided_by[0]?.reason).toContain(t.keyIds.operator);

    const used = await getApproval(t.keys.operator, id);
    expect(used).toMatchObject({ status: "used", used_decision_id: "retry-1" });
    expect(ApprovalView.safeParse(used).error).toBeUndefined();

    // Used at most once.
    expect(await refusal(await api("/v2/evaluate", { key: t.keys.agent, json: { ...request, approval_id: id } }))).toMatchObject({ status: 409, approval_refusal: "used" });
    expect((await decide(t.keys.admin, id, "deny")).status).toBe(409);

    // The audit trail: the ALLOW decision names the approval and the approver; the approval is an admin event.
    const recorded = (await waitForDecision(t.keys.auditor, retried.headers.get("x-nethical-audit-event-id") as string)) as { decision: string; explanation: DecisionBody["explanation"] };
    expect(recorded.decision).toBe("ALLOW");
    expect(recorded.explanation.decided_by[0]).toMatchObject({ kind: "approval", id });
    expect(recorded.explanation.decided_by[0]?.reason).toContain(t.keyIds.operator);
    const event = await waitForAdminEvent(t.keys.auditor, "approval.approve", id);
    expect(event.actor).toEqual({ key_id: t.keyIds.operator, role: "operator" });
    expect(event.before).toEqual({ status: "pending" });
    expect(event.after).toMatchObject({ status: "approved", agent_id: "exporter-1", decision_id: restricted.decision_id });
    expect(event.reason).toBe("checked with the data owner");
  });

  // @req CTL-approval-signatures
  it("approval binding: an approval used for a different request is refused, nothing is decided, and it still works for its own", async () => {
    const request = exportRequest("exporter-2");
    const { id } = await openApproval(t.keys.agent, request);
    expect((await decide(t.keys.operator, id, "approve")).status).toBe(200);

    const before = await api("/v2/agents/exporter-2", { key: t.keys.operator });
    const seqBefore = ((await before.json()) as { seq: number }).seq;
    const different: EvaluateRequest[] = [
      exportRequest("exporter-2", { action: "export the payroll table" }),
      exportRequest("exporter-2", { tool: { name: "export", arguments: { table: "payroll" } } }),
      exportRequest("exporter-2", { context: { export: true, rows: 1_000_000 } }),
      exportRequest("exporter-2", { action_type: "tool_call" }),
      exportRequest("exporter-2", { stated_intent: "backup" }),
    ];
    for (const request2 of different) {
      const res = await api("/v2/evaluate", { key: t.keys.agent, json: { ...request2, approval_id: id } });
      expect(await refusal(res)).toMatchObject({ status: 409, type: "urn:nethical:problem:conflict", approval_refusal: "wrong_request" });
    }
    const after = await api("/v2/agents/exporter-2", { key: t.keys.operator });
    expect(((await after.json()) as { seq: number }).seq).toBe(seqBefore);
    expect((await getApproval(t.keys.operator, id)).status).toBe("approved");

    const own = await evaluate(t.keys.agent, { ...request, approval_id: id });
    expect(own.body.decision).toBe("ALLOW");
  });

  it("another agent's approval is refused (wrong_agent), even for an otherwise identical request", async () => {
    const { id } = await openApproval(t.keys.agent, exportRequest("exporter-3"));
    expect((await decide(t.keys.operator, id, "approve")).status).toBe(200);
    const res = await api("/v2/evaluate", { key: t.keys.agent, json: { ...exportRequest("exporter-4"), approval_id: id } });
    expect(await refusal(res)).toMatchObject({ status: 409, approval_refusal: "wrong_agent" });
  });

  it("a denied approval is refused; a decided approval cannot be decided again", async () => {
    const request = exportRequest("exporter-5");
    const { id } = await openApproval(t.keys.agent, request);
    const denied = await decide(t.keys.operator, id, "deny", "not this quarter");
    expect(denied.status).toBe(200);
    expect(await denied.json()).toMatchObject({ status: "denied", decided_by: t.keyIds.operator });
    expect(await refusal(await api("/v2/evaluate", { key: t.keys.agent, json: { ...request, approval_id: id } }))).toMatchObject({ status: 409, approval_refusal: "denied" });
    expect(await refusal(await decide(t.keys.admin, id, "approve"))).toMatchObject({ status: 409 });
    const event = await waitForAdminEvent(t.keys.auditor, "approval.deny", id);
    expect(event.actor.key_id).toBe(t.keyIds.operator);
    expect(event.reason).toBe("not this quarter");
    // A new request for the same action opens a new approval (the denied one is not reused).
    const reopened = await openApproval(t.keys.agent, request);
    expect(reopened.id).not.toBe(id);
  });

  it("an expired approval can be neither decided nor used, and is listed as expired", async () => {
    const request = exportRequest("exporter-6");
    const hour = 3_600_000;
    const subject = { agent_id: "exporter-6", request_hash: await approvalRequestHash(request), decision_id: "old-decision", action_type: "data_access", tool: "export", reason: "Bulk export", risk_score: 0.5, laws: [], requested_by: t.keyIds.agent };
    // Opened two hours ago with a one-hour lifetime (through the object's own method: real storage).
    const stub = oversightStub(env, t.tenant);
    const pendingOld = await stub.openApproval(t.tenant, subject, Date.now() - 2 * hour, hour);
    expect(pendingOld.approval.status).toBe("pending"); // as of when it was opened
    expect((await getApproval(t.keys.operator, pendingOld.approval.approval_id)).status).toBe("expired");
    expect(await refusal(await decide(t.keys.operator, pendingOld.approval.approval_id, "approve"))).toMatchObject({ status: 409 });
    expect(await refusal(await api("/v2/evaluate", { key: t.keys.agent, json: { ...request, approval_id: pendingOld.approval.approval_id } }))).toMatchObject({ status: 409, approval_refusal: "expired" });

    // Approved in time, but not used before it expired.
    const request2 = exportRequest("exporter-6", { context: { export: true, rows: 10 } });
    const approvedOld = await stub.openApproval(t.tenant, { ...subject, request_hash: await approvalRequestHash(request2), decision_id: "old-decision-2" }, Date.now() - 2 * hour, hour + 60_000);
    expect(approvedOld.reused).toBe(false);
    const decided = await stub.decideApproval(t.tenant, approvedOld.approval.approval_id, "approve", t.keyIds.operator, null, Date.now() - 2 * hour + 1000);
    expect(decided.ok).toBe(true);
    expect(await refusal(await api("/v2/evaluate", { key: t.keys.agent, json: { ...request2, approval_id: approvedOld.approval.approval_id } }))).toMatchObject({ status: 409, approval_refusal: "expired" });

    const listed = (await (await api("/v2/approvals?status=expired&agent_id=exporter-6", { key: t.keys.operator })).json()) as { approvals: Approval[] };
    expect(listed.approvals.map((a) => a.approval_id).sort()).toEqual([pendingOld.approval.approval_id, approvedOld.approval.approval_id].sort());
    const pendingList = (await (await api("/v2/approvals?status=pending&agent_id=exporter-6", { key: t.keys.operator })).json()) as { approvals: Approval[] };
    expect(pendingList.approvals).toEqual([]);
  });

  // @req REQ-AUTHZ-ROLES
  it("roles: agents and auditors may not decide; agents may not read; the requesting key may not approve its own request", async () => {
    const { id } = await openApproval(t.keys.agent, exportRequest("exporter-7"));
    expect((await api("/v2/approvals", { key: t.keys.agent })).status).toBe(403);
    expect((await api(`/v2/approvals/${id}`, { key: t.keys.agent })).status).toBe(403);
    expect((await decide(t.keys.agent, id, "approve")).status).toBe(403);
    expect((await decide(t.keys.auditor, id, "approve")).status).toBe(403);
    expect((await api(`/v2/approvals/${id}`, { key: t.keys.auditor })).status).toBe(200);
    expect((await api("/v2/approvals")).status).toBe(401);

    // An operator's own request: that operator may not approve it; an admin may.
    const own = await openApproval(t.keys.operator, exportRequest("exporter-8"));
    const self = await decide(t.keys.operator, own.id, "approve");
    expect(await refusal(self)).toMatchObject({ status: 403 });
    expect((await decide(t.keys.admin, own.id, "approve")).status).toBe(200);
    expect((await evaluate(t.keys.operator, { ...exportRequest("exporter-8"), approval_id: own.id })).body.decision).toBe("ALLOW");
  });

  it("tenant isolation: another tenant's approval is not found, to read, decide or use", async () => {
    const request = exportRequest("exporter-9");
    const { id } = await openApproval(t.keys.agent, request);
    expect((await api(`/v2/approvals/${id}`, { key: other.keys.operator })).status).toBe(404);
    expect((await decide(other.keys.operator, id, "approve")).status).toBe(404);
    expect(((await (await api("/v2/approvals", { key: other.keys.operator })).json()) as { approvals: Approval[] }).approvals.map((a) => a.approval_id)).not.toContain(id);
    expect((await decide(t.keys.operator, id, "approve")).status).toBe(200);
    expect(await refusal(await api("/v2/evaluate", { key: other.keys.agent, json: { ...request, approval_id: id } }))).toMatchObject({ status: 404, approval_refusal: "not_found" });
    // Still usable in its own tenant.
    expect((await evaluate(t.keys.agent, { ...request, approval_id: id })).body.decision).toBe("ALLOW");
  });

  it("malformed approval ids are refused by validation; unknown ones are not found", async () => {
    expect((await api("/v2/evaluate", { key: t.keys.agent, json: { ...exportRequest("exporter-10"), approval_id: "not-an-id" } })).status).toBe(422);
    expect((await api("/v2/evaluate", { key: t.keys.agent, json: { ...exportRequest("exporter-10"), approval_id: `apr_${"f".repeat(32)}` } })).status).toBe(404);
    expect((await api("/v2/approvals/nope", { key: t.keys.operator })).status).toBe(404);
    expect((await api("/v2/approvals?status=maybe", { key: t.keys.operator })).status).toBe(422);
  });

  it("an ordinary decision opens nothing", async () => {
    const before = ((await (await api("/v2/approvals?agent_id=plain-1", { key: t.keys.operator })).json()) as { approvals: Approval[] }).approvals;
    expect((await evaluate(t.keys.agent, { agent_id: "plain-1", action: "read the weather forecast", action_type: "query" })).body.decision).toBe("ALLOW");
    expect((await evaluate(t.keys.agent, { agent_id: "plain-1", action: "x", action_type: "query", context: { block: true } })).body.decision).toBe("BLOCK");
    const after = ((await (await api("/v2/approvals?agent_id=plain-1", { key: t.keys.operator })).json()) as { approvals: Approval[] }).approvals;
    expect(before).toEqual([]);
    expect(after).toEqual([]);
  });
});
