/**
 * Appeals end to end in workerd (real Worker, AgentState, audit Queue → AuditLog, Oversight object): an
 * agent's key appeals the TERMINATE that terminated it; an operator upholds it and the agent is reinstated
 * through the reinstatement path (ALLOWed again), or rejects it and the agent stays terminated. Filing and
 * the outcome are admin events; roles, agent binding and tenants are enforced.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { waitForDecision } from "../audit/testing.ts";
import { action, api, createTenant, evaluate, issueKey, setPolicy, type TestTenant } from "../testing/api.ts";
import { approvalPolicy, waitForAdminEvent } from "./testing.ts";
import { AppealView } from "./views.ts";

interface Appeal {
  appeal_id: string;
  status: string;
  decision_id: string;
  agent_id: string;
  decision: string;
  evidence: string;
  evidence_sha256: string;
  filed_by: string;
  decided_by: string | null;
  reason: string | null;
  reinstated: boolean | null;
  reinstate_note: string | null;
}

let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  t = await createTenant("appeals");
  other = await createTenant("appeals-other");
  await setPolicy(t.keys.operator, approvalPolicy());
});

/** Terminate `agentId` with the kill switch; returns the recorded TERMINATE's decision id. */
async function terminate(agentId: string): Promise<string> {
  const res = await evaluate(t.keys.agent, action(agentId, { context: { kill: true } }));
  expect(res.body.decision).toBe("TERMINATE");
  await waitForDecision(t.keys.auditor, res.headers.get("x-nethical-audit-event-id") as string);
  return res.body.decision_id;
}

async function file(key: string, decisionId: string, evidence = "The arm was in maintenance mode; the kill flag was a test signal."): Promise<Response> {
  return api("/v2/appeals", { key, json: { decision_id: decisionId, evidence } });
}

async function decide(key: string, id: string, verdict: "uphold" | "reject", reason = "checked the maintenance log"): Promise<Response> {
  return api(`/v2/appeals/${id}/${verdict}`, { key, json: { reason } });
}

describe("appeals", () => {
  // @req CTL-human-oversight
  it("an upheld appeal of a TERMINATE reinstates the agent: it is ALLOWed again; filing and upholding are audited", async () => {
    const decisionId = await terminate("arm-1");
    expect((await evaluate(t.keys.agent, action("arm-1"))).body.decision).toBe("TERMINATE");

    const filed = await file(t.keys.agent, decisionId);
    expect(filed.status).toBe(201);
    const appeal = (await filed.json()) as Appeal;
    expect(appeal).toMatchObject({ status: "pending", decision_id: decisionId, agent_id: "arm-1", decision: "TERMINATE", filed_by: t.keyIds.agent, reinstated: null });
    expect(appeal.evidence_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(AppealView.safeParse(appeal).error).toBeUndefined(); // the documented schema

    // One appeal per decision; the filer may read its own.
    const twice = await file(t.keys.operator, decisionId);
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { appeal_id: string }).appeal_id).toBe(appeal.appeal_id);
    expect((await api(`/v2/appeals/${appeal.appeal_id}`, { key: t.keys.agent })).status).toBe(200);
    const listed = (await (await api("/v2/appeals?status=pending", { key: t.keys.operator })).json()) as { appeals: Appeal[] };
    expect(listed.appeals.map((a) => a.appeal_id)).toContain(appeal.appeal_id);

    const upheld = await decide(t.keys.operator, appeal.appeal_id, "uphold", "maintenance mode confirmed");
    expect(upheld.status).toBe(200);
    const upheldBody = await upheld.json();
    expect(AppealView.safeParse(upheldBody).error).toBeUndefined();
    expect(upheldBody).toMatchObject({ status: "upheld", decided_by: t.keyIds.operator, reason: "maintenance mode confirmed", reinstated: true, reinstate_note: null });

    const agent = (await (await api("/v2/agents/arm-1", { key: t.keys.operator })).json()) as { terminated: boolean; reinstatements: { operator_key_id: string; reason: string }[] };
    expect(agent.terminated).toBe(false);
    expect(agent.reinstatements[0]).toMatchObject({ operator_key_id: t.keyIds.operator, reason: `appeal ${appeal.appeal_id} upheld: maintenance mode confirmed` });
    expect((await evaluate(t.keys.agent, action("arm-1"))).body.decision).toBe("ALLOW");

    // Decided once.
    expect((await decide(t.keys.admin, appeal.appeal_id, "reject")).status).toBe(409);

    const fileEvent = await waitForAdminEvent(t.keys.auditor, "appeal.file", appeal.appeal_id);
    expect(fileEvent.actor).toEqual({ key_id: t.keyIds.agent, role: "agent" });
    expect(fileEvent.after).toMatchObject({ decision_id: decisionId, evidence_sha256: appeal.evidence_sha256 });
    expect(JSON.stringify(fileEvent)).not.toContain("maintenance mode;"); // the evidence text is not in the audit trail
    const upholdEvent = await waitForAdminEvent(t.keys.auditor, "appeal.uphold", appeal.appeal_id);
    expect(upholdEvent.actor).toEqual({ key_id: t.keyIds.operator, role: "operator" });
    expect(upholdEvent.before).toEqual({ status: "pending" });
    expect(upholdEvent.after).toMatchObject({ status: "upheld", reinstated: true, agent_id: "arm-1" });
    expect(upholdEvent.reason).toBe("maintenance mode confirmed");
    const reinstateEvent = await waitForAdminEvent(t.keys.auditor, "agent.reinstate", "arm-1");
    expect(reinstateEvent.actor.key_id).toBe(t.keyIds.operator);
  });

  it("a rejected appeal leaves the agent terminated", async () => {
    const decisionId = await terminate("arm-2");
    const appeal = (await (await file(t.keys.agent, decisionId)).json()) as Appeal;
    const rejected = await decide(t.keys.operator, appeal.appeal_id, "reject", "the kill flag was real");
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toMatchObject({ status: "rejected", reinstated: null, reason: "the kill flag was real" });
    expect((await evaluate(t.keys.agent, action("arm-2"))).body.decision).toBe("TERMINATE");
    const event = await waitForAdminEvent(t.keys.auditor, "appeal.reject", appeal.appeal_id);
    expect(event.actor.key_id).toBe(t.keyIds.operator);
  });

  it("upholding a TERMINATE that is not the agent's current termination does not reinstate (and says why)", async () => {
    const first = await terminate("arm-3");
    // Reinstated by hand, then terminated again by a later decision.
    expect((await api("/v2/agents/arm-3/reinstate", { key: t.keys.operator, json: { reason: "manual" } })).status).toBe(200);
    await terminate("arm-3");
    const appeal = (await (await file(t.keys.agent, first)).json()) as Appeal;
    const upheld = (await (await decide(t.keys.admin, appeal.appeal_id, "uphold")).json()) as Appeal;
    expect(upheld).toMatchObject({ status: "upheld", reinstated: false });
    expect(upheld.reinstate_note).toContain("not the appealed one");
    expect((await evaluate(t.keys.agent, action("arm-3"))).body.decision).toBe("TERMINATE");
  });

  it("an upheld appeal of a TERMINATE a device decided sends the reinstatement to the devices", async () => {
    // The device's decision log, uploaded: a TERMINATE of fork-1 the cloud never saw.
    const event = sampleAuditEvent(3, { tenant: t.tenant, source: "device", device_id: "forklift-7", agent_id: "fork-1", event_id: `dev-${crypto.randomUUID()}` });
    expect(event.decision).toBe("TERMINATE");
    expect((await api("/v2/audit/ingest", { key: t.keys.operator, json: { events: [event] } })).status).toBe(200);
    await waitForDecision(t.keys.auditor, event.event_id);
    const appeal = (await (await file(t.keys.operator, event.event_id)).json()) as Appeal & { source: string };
    expect(appeal).toMatchObject({ decision: "TERMINATE", source: "device", agent_id: "fork-1" });
    const upheld = (await (await decide(t.keys.admin, appeal.appeal_id, "uphold", "forklift sensor fault")).json()) as Appeal;
    expect(upheld).toMatchObject({ status: "upheld", reinstated: true });
    expect(upheld.reinstate_note).toContain("the devices were sent the reinstatement");
    const reinstate = await waitForAdminEvent(t.keys.auditor, "agent.reinstate", "fork-1");
    expect(reinstate.actor.key_id).toBe(t.keyIds.admin);
    expect(typeof (reinstate.after as { devices_control_seq?: unknown }).devices_control_seq).toBe("number");
  });

  it("an upheld BLOCK appeal is recorded without touching the agent; an ALLOW cannot be appealed", async () => {
    const blocked = await evaluate(t.keys.agent, action("arm-4", { context: { block: true } }));
    expect(blocked.body.decision).toBe("BLOCK");
    await waitForDecision(t.keys.auditor, blocked.headers.get("x-nethical-audit-event-id") as string);
    const appeal = (await (await file(t.keys.agent, blocked.body.decision_id)).json()) as Appeal;
    expect((await (await decide(t.keys.operator, appeal.appeal_id, "uphold")).json()) as Appeal).toMatchObject({ status: "upheld", decision: "BLOCK", reinstated: null });

    const allowed = await evaluate(t.keys.agent, action("arm-4"));
    expect(allowed.body.decision).toBe("ALLOW");
    await waitForDecision(t.keys.auditor, allowed.headers.get("x-nethical-audit-event-id") as string);
    expect((await file(t.keys.agent, allowed.body.decision_id)).status).toBe(409);
    expect((await file(t.keys.agent, "no-such-decision")).status).toBe(404);
  });

  it("evidence is bounded; bodies are validated", async () => {
    const decisionId = await terminate("arm-5");
    expect((await file(t.keys.agent, decisionId, "x".repeat(4001))).status).toBe(422);
    expect((await file(t.keys.agent, decisionId, "   ")).status).toBe(422);
    const appeal = (await (await file(t.keys.agent, decisionId, "y".repeat(4000))).json()) as Appeal;
    expect(appeal.evidence.length).toBe(4000);
    expect((await api(`/v2/appeals/${appeal.appeal_id}/uphold`, { key: t.keys.operator, json: {} })).status).toBe(422);
  });

  it("roles: auditors may not file or decide, agents may not decide or list, the filing key may not decide its own", async () => {
    const decisionId = await terminate("arm-6");
    expect((await file(t.keys.auditor, decisionId)).status).toBe(403);
    const filed = (await (await file(t.keys.operator, decisionId)).json()) as Appeal;
    expect((await decide(t.keys.operator, filed.appeal_id, "uphold")).status).toBe(403); // filed it
    expect((await decide(t.keys.agent, filed.appeal_id, "uphold")).status).toBe(403);
    expect((await decide(t.keys.auditor, filed.appeal_id, "uphold")).status).toBe(403);
    expect((await api("/v2/appeals", { key: t.keys.agent })).status).toBe(403);
    expect((await api(`/v2/appeals/${filed.appeal_id}`, { key: t.keys.agent })).status).toBe(404); // not the filer
    expect((await api(`/v2/appeals/${filed.appeal_id}`, { key: t.keys.auditor })).status).toBe(200);
    expect((await decide(t.keys.admin, filed.appeal_id, "uphold")).status).toBe(200);
    expect((await api("/v2/appeals")).status).toBe(401);
  });

  it("an agent key bound to other agents may not appeal this agent's decision", async () => {
    const decisionId = await terminate("arm-7");
    const bound = await api(`/v2/admin/tenants/${t.tenant}/keys`, { key: t.keys.admin, json: { role: "agent", agent_ids: ["arm-99"] } });
    expect(bound.status).toBe(201);
    const { secret } = (await bound.json()) as { secret: string };
    expect((await file(secret, decisionId)).status).toBe(403);
  });

  it("tenant isolation: another tenant can neither see, decide nor appeal this tenant's", async () => {
    const decisionId = await terminate("arm-8");
    const appeal = (await (await file(t.keys.agent, decisionId)).json()) as Appeal;
    expect((await api(`/v2/appeals/${appeal.appeal_id}`, { key: other.keys.operator })).status).toBe(404);
    expect((await decide(other.keys.operator, appeal.appeal_id, "uphold")).status).toBe(404);
    expect(((await (await api("/v2/appeals", { key: other.keys.operator })).json()) as { appeals: Appeal[] }).appeals).toEqual([]);
    const otherAgent = await issueKey(other.tenant, "agent", other.keys.admin);
    expect((await file(otherAgent.secret, decisionId)).status).toBe(404);
    expect((await api(`/v2/appeals/${appeal.appeal_id}`, { key: t.keys.operator })).status).toBe(200);
  });
});
