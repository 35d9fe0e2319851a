/**
 * Appeals of decisions, within the caller's tenant. `POST /v2/appeals` (agent keys — for their own agents
 * when bound to agent ids — operators, admins) files an appeal of a recorded RESTRICT, BLOCK or TERMINATE
 * with evidence; `GET /v2/appeals[/{id}]` (operator, auditor, admin; the filing key may read its own);
 * `POST /v2/appeals/{id}/uphold` and `…/reject` (operator, admin; never the filing key) decide it with a
 * reason. Filing and the outcome are recorded in the audit trail (`appeal.file`, `appeal.uphold`,
 * `appeal.reject`) with the evidence's SHA-256, never its text. Upholding the TERMINATE that terminated the
 * agent reinstates it through the same path as `POST /v2/agents/{id}/reinstate` (agents/reinstate-agent.ts).
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { sha256Hex } from "@nethical/core";
import { APPEAL_ID_PATTERN, APPEAL_STATUSES, type AppealDecideResult, type AppealView as Appeal } from "@nethical/durable-objects/oversight/types";
import type { AgentView } from "@nethical/durable-objects";
import { agentStateFor } from "@nethical/durable-objects/residency/by-tenant";
import { BODY_LIMITS, parseOrProblem, ProblemError, readJsonBody } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { reinstateAgent } from "../agents/reinstate-agent.ts";
import { findDecision } from "../audit/decision-query.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";
import { requireAgent, tenantFor } from "../auth/authorize.ts";
import { roleAllows } from "../auth/principal.ts";
import { callOversight, oversightStub } from "../approvals/oversight-stub.ts";
import { AppealView, listQuery } from "../approvals/views.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";

/** Most characters of evidence an appeal carries. */
export const MAX_EVIDENCE_CHARS = 4000;

/** Body of `POST /v2/appeals`. */
export const FileAppealSchema = z
  .object({
    decision_id: z.string().min(1).max(128).describe("The decision appealed (its decision id or audit event id)"),
    evidence: z.string().trim().min(1).max(MAX_EVIDENCE_CHARS).describe("Why the decision was wrong (at most 4,000 characters; stored with the appeal, never logged; the audit trail keeps its SHA-256)"),
  })
  .strict();

/** Body of uphold and reject. */
export const AppealDecisionSchema = z.object({ reason: z.string().trim().min(1).max(1000).describe("Why (recorded in the audit trail)") }).strict();

const ListQuery = listQuery(APPEAL_STATUSES);
const IdParams = z.object({ id: z.string().regex(APPEAL_ID_PATTERN) });
const Page = z.object({ appeals: z.array(AppealView), next_cursor: z.string().nullable() }).strict();

/** The routes' descriptions in the API document. */
export const appealDocs = [
  describeRoute({
    method: "post",
    path: "/v2/appeals",
    tag: "oversight",
    summary: "Appeal a decision",
    description:
      "Files an appeal of a recorded RESTRICT, BLOCK or TERMINATE (by decision id) with evidence; it is pending until an operator upholds or rejects it. One appeal per decision (409 with the existing `appeal_id`). 404 when the decision is not recorded (yet: decisions reach the audit trail within seconds); 409 for an ALLOW. An agent key bound to agent ids may only appeal its agents' decisions. Recorded in the audit trail (`appeal.file`) with the evidence's SHA-256.",
    roles: callersWith("appeals:file"),
    request: { body: { required: true, ...json(FileAppealSchema, { decision_id: "7d9e2c1a-5b4f-4e3d-9c8b-1a2b3c4d5e6f", evidence: "The command ran in the CI sandbox; see job 4411." }) } },
    responses: { 201: { description: "Filed (pending)", ...json(AppealView) } },
    errors: [...JSON_BODY_ERRORS, "not-found", "conflict"],
  }),
  describeRoute({
    method: "get",
    path: "/v2/appeals",
    tag: "oversight",
    summary: "Appeals",
    description: "The tenant's appeals, newest first; filter by `status` (pending, upheld, rejected) and `agent_id`; `limit` 1–100 (default 50), then `cursor` from `next_cursor`.",
    roles: callersWith("appeals:read"),
    request: { query: ListQuery },
    responses: { 200: { description: "A page of appeals", ...json(Page) } },
    errors: ["validation-failed"],
  }),
  describeRoute({
    method: "get",
    path: "/v2/appeals/{id}",
    tag: "oversight",
    summary: "One appeal",
    description: "An appeal by id. The key that filed it may read it too (whatever its role).",
    roles: callersWith("appeals:read"),
    request: { params: IdParams },
    responses: { 200: { description: "The appeal", ...json(AppealView) } },
    errors: ["not-found"],
  }),
  ...(["uphold", "reject"] as const).map((verdict) =>
    describeRoute({
      method: "post",
      path: `/v2/appeals/{id}/${verdict}`,
      tag: "oversight",
      summary: verdict === "uphold" ? "Uphold an appeal" : "Reject an appeal",
      description:
        verdict === "uphold"
          ? "Upholds a pending appeal with a reason (`appeal.uphold` in the audit trail). For a TERMINATE that is the agent's current termination, the agent is reinstated through the reinstatement path (`agent.reinstate`, webhook, devices) and `reinstated` is true; otherwise `reinstated` is false with `reinstate_note`. 403 for the key that filed it; 409 when decided already."
          : "Rejects a pending appeal with a reason (`appeal.reject` in the audit trail); a terminated agent stays terminated. 403 for the key that filed it; 409 when decided already.",
      roles: callersWith("appeals:decide"),
      request: { params: IdParams, body: { required: true, ...json(AppealDecisionSchema, { reason: "the command ran in a sandbox" }) } },
      responses: { 200: { description: verdict === "uphold" ? "Upheld" : "Rejected", ...json(AppealView) } },
      errors: [...JSON_BODY_ERRORS, "not-found", "conflict"],
    }),
  ),
];

/**
 * The appeal routes.
 *
 * @example
 * app.route("/", appealRoutes());
 */
export function appealRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/v2/appeals", async (c) => {
    const tenant = tenantFor(c, "appeals:file");
    const { decision_id, evidence } = parseOrProblem(FileAppealSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the appeal");
    const found = await findDecision(c.env, tenant, decision_id);
    if (found === null) throw new ProblemError("not-found", "this tenant has no recorded decision with that id (decisions reach the audit trail within seconds)");
    const event = found.event;
    requireAgent(c, event.agent_id);
    if (event.decision === "ALLOW") throw new ProblemError("conflict", "an ALLOW has nothing to appeal");
    const principal = c.get("principal");
    const actor = adminActor(principal);
    const evidenceSha = await sha256Hex(evidence);
    const filing = { decision_id: event.decision_id ?? event.event_id, agent_id: event.agent_id, decision: event.decision, source: event.source, evidence, evidence_sha256: evidenceSha, filed_by: actor.key_id, filed_role: actor.role };
    const filed = await callOversight(oversightStub(c.env, tenant).fileAppeal(tenant, filing, Date.now()));
    if (!filed.ok) throw new ProblemError("conflict", filed.message, { appeal_id: filed.appeal.appeal_id });
    const appeal = filed.appeal;
    await recordAdminEvent(c.env, {
      tenant,
      actor,
      action: "appeal.file",
      target: { type: "appeal", id: appeal.appeal_id },
      before: null,
      after: { status: appeal.status, decision_id: appeal.decision_id, agent_id: appeal.agent_id, decision: appeal.decision, evidence_sha256: evidenceSha, evidence_chars: evidence.length },
    });
    return c.json(appeal, 201, { "cache-control": "no-store" });
  });

  app.get("/v2/appeals", async (c) => {
    const tenant = tenantFor(c, "appeals:read");
    const q = parseOrProblem(ListQuery, c.req.query(), "the query");
    const page = await callOversight(oversightStub(c.env, tenant).listAppeals(tenant, q));
    return c.json({ appeals: page.items, next_cursor: page.next_cursor }, 200, { "cache-control": "no-store" });
  });

  app.get("/v2/appeals/:id", async (c) => {
    const principal = c.get("principal");
    const reader = principal.kind === "tenant" && roleAllows(principal.role, "appeals:read");
    const tenant = tenantFor(c, reader ? "appeals:read" : "appeals:file");
    const appeal = await callOversight(oversightStub(c.env, tenant).getAppeal(tenant, idParam(c)));
    // A filer without appeals:read sees its own appeals only (and learns nothing about others': 404).
    if (appeal === null || (!reader && principal.kind === "tenant" && appeal.filed_by !== principal.keyId)) {
      throw new ProblemError("not-found", "this tenant has no appeal with that id");
    }
    return c.json(appeal, 200, { "cache-control": "no-store" });
  });

  for (const verdict of ["uphold", "reject"] as const) {
    app.post(`/v2/appeals/:id/${verdict}`, async (c) => {
      const tenant = tenantFor(c, "appeals:decide");
      const id = idParam(c);
      const { reason } = parseOrProblem(AppealDecisionSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the appeal decision");
      const principal = c.get("principal");
      const actor = adminActor(principal);
      const stub = oversightStub(c.env, tenant);
      const result: AppealDecideResult = await callOversight(stub.decideAppeal(tenant, id, verdict, actor.key_id, reason, Date.now()));
      if (!result.ok) throw refusalProblem(result);
      let appeal = result.appeal;
      if (verdict === "uphold" && appeal.decision === "TERMINATE") appeal = await reinstateForAppeal(c, tenant, appeal, reason);
      await recordAdminEvent(c.env, {
        tenant,
        actor,
        action: verdict === "uphold" ? "appeal.uphold" : "appeal.reject",
        target: { type: "appeal", id },
        before: { status: "pending" },
        after: { status: appeal.status, decision_id: appeal.decision_id, agent_id: appeal.agent_id, decision: appeal.decision, reinstated: appeal.reinstated },
        reason,
      });
      return c.json(appeal, 200, { "cache-control": "no-store" });
    });
  }

  return app;
}

/**
 * Reinstate the agent of an upheld TERMINATE appeal, and note on the appeal whether it was reinstated (and
 * why not). A cloud TERMINATE is lifted only when it is the agent's current termination (a later one is
 * not undone by an appeal of an earlier one). A TERMINATE a device decided (`source: device`) lives on the
 * devices: the reinstatement is sent to them through the same path (fleet control), whatever the cloud's
 * agent state says.
 */
async function reinstateForAppeal(c: Context<AppEnv>, tenant: string, appeal: Appeal, reason: string): Promise<Appeal> {
  const stub = oversightStub(c.env, tenant);
  const why = `appeal ${appeal.appeal_id} upheld: ${reason}`.slice(0, 500);
  let reinstated = false;
  let note: string | null;
  try {
    if (appeal.source === "device") {
      const result = await reinstateAgent(c, tenant, appeal.agent_id, why);
      reinstated = true;
      note = `a device decided the TERMINATE: the devices were sent the reinstatement (control seq ${result.control.seq})${result.ok ? "" : `; in the cloud: ${result.message}`}`;
      return (await callOversight(stub.noteReinstatement(tenant, appeal.appeal_id, reinstated, note))) ?? appeal;
    }
    const agentStub = agentStateFor(c.env, tenant, appeal.agent_id);
    const view = (await callDurableObject(agentStub.snapshot(tenant, appeal.agent_id, Date.now()), "AgentState", DO_TIMEOUT_MS, "the agent's state could not be reached")) as AgentView | null;
    if (view === null || !view.terminated) note = "the agent is not terminated";
    else if (view.terminated_decision_id !== appeal.decision_id) note = `the agent's current termination is decision ${view.terminated_decision_id ?? "(unknown)"}, not the appealed one; appeal that decision or reinstate with POST /v2/agents/{agent_id}/reinstate`;
    else {
      const result = await reinstateAgent(c, tenant, appeal.agent_id, why);
      reinstated = result.ok;
      note = result.ok ? null : result.message;
    }
  } catch {
    note = "the reinstatement could not be completed or recorded; check GET /v2/agents/{agent_id} and reinstate with POST /v2/agents/{agent_id}/reinstate";
  }
  return (await callOversight(stub.noteReinstatement(tenant, appeal.appeal_id, reinstated, note))) ?? appeal;
}

function idParam(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!APPEAL_ID_PATTERN.test(id)) throw new ProblemError("not-found", "appeal ids are apl_ and 32 hex characters");
  return id;
}

function refusalProblem(result: Exclude<AppealDecideResult, { ok: true }>): ProblemError {
  switch (result.code) {
    case "not_found":
      return new ProblemError("not-found", result.message);
    case "self_decision":
      return new ProblemError("forbidden", result.message);
    case "not_pending":
      return new ProblemError("conflict", result.message, { status_now: result.appeal.status });
  }
}
