/**
 * Human approvals, within the caller's tenant: `GET /v2/approvals` (filter `status`, `agent_id`),
 * `GET /v2/approvals/{id}` (operator, auditor, admin), `POST /v2/approvals/{id}/approve` and `…/deny`
 * (operator, admin; never by the key whose request opened it). Approving or denying is recorded in the audit
 * trail (`approval.approve`, `approval.deny`) with the approver's key id. Approvals are opened by the decision
 * path (approvals/settle-approvals.ts) when a RESTRICT requires one.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { APPROVAL_ID_PATTERN, APPROVAL_STATUSES, type ApprovalDecideResult } from "@nethical/durable-objects/oversight/types";
import { BODY_LIMITS, parseOrProblem, ProblemError, readJsonBody } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";
import { tenantFor } from "../auth/authorize.ts";
import { callOversight, oversightStub } from "../approvals/oversight-stub.ts";
import { ApprovalView, listQuery } from "../approvals/views.ts";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";

/** Body of approve and deny: an optional note (recorded with the decision). */
export const ApprovalDecisionSchema = z.object({ note: z.string().trim().min(1).max(1000).optional().describe("Why (recorded in the audit trail)") }).strict();

const ListQuery = listQuery(APPROVAL_STATUSES);
const IdParams = z.object({ id: z.string().regex(APPROVAL_ID_PATTERN) });
const Page = z.object({ approvals: z.array(ApprovalView), next_cursor: z.string().nullable() }).strict();

/** The routes' descriptions in the API document. */
export const approvalDocs = [
  describeRoute({
    method: "get",
    path: "/v2/approvals",
    tag: "oversight",
    summary: "Human approvals",
    description:
      "Approvals opened by RESTRICT decisions that require a person (`require_human_approval`), newest first; filter by `status` (pending, approved, denied, used, expired) and `agent_id`; `limit` 1–100 (default 50), then `cursor` from `next_cursor`. An approval shows what the decision explains (agent, action type, tool name, reason, laws, risk), never the action text.",
    roles: callersWith("approvals:read"),
    request: { query: ListQuery },
    responses: { 200: { description: "A page of approvals", ...json(Page) } },
    errors: ["validation-failed"],
  }),
  describeRoute({
    method: "get",
    path: "/v2/approvals/{id}",
    tag: "oversight",
    summary: "One approval",
    description: "An approval by id (404 for another tenant's).",
    roles: callersWith("approvals:read"),
    request: { params: IdParams },
    responses: { 200: { description: "The approval", ...json(ApprovalView) } },
    errors: ["not-found"],
  }),
  ...(["approve", "deny"] as const).map((verdict) =>
    describeRoute({
      method: "post",
      path: `/v2/approvals/{id}/${verdict}`,
      tag: "oversight",
      summary: verdict === "approve" ? "Approve" : "Deny",
      description:
        verdict === "approve"
          ? "Approves a pending, unexpired approval. The agent then retries the same request with `approval_id` and is answered ALLOW (or RESTRICT with the decision's other obligations) once; the approver's key id is in that decision's `decided_by` and `approval` and in the audit trail (`approval.approve`). 403 when the key whose request opened it approves; 409 when it is not pending (decided, used or expired)."
          : "Denies a pending, unexpired approval; a retry with it is refused (409). Recorded in the audit trail (`approval.deny`). 403 for the key whose request opened it; 409 when not pending.",
      roles: callersWith("approvals:decide"),
      request: { params: IdParams, body: { required: false, ...json(ApprovalDecisionSchema, { note: "checked with the data owner" }) } },
      responses: { 200: { description: verdict === "approve" ? "Approved" : "Denied", ...json(ApprovalView) } },
      errors: [...JSON_BODY_ERRORS, "not-found", "conflict"],
    }),
  ),
];

/**
 * The approval routes.
 *
 * @example
 * app.route("/", approvalRoutes());
 */
export function approvalRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/v2/approvals", async (c) => {
    const tenant = tenantFor(c, "approvals:read");
    const q = parseOrProblem(ListQuery, c.req.query(), "the query");
    const page = await callOversight(oversightStub(c.env, tenant).listApprovals(tenant, q, Date.now()));
    return c.json({ approvals: page.items, next_cursor: page.next_cursor }, 200, { "cache-control": "no-store" });
  });

  app.get("/v2/approvals/:id", async (c) => {
    const tenant = tenantFor(c, "approvals:read");
    const approval = await callOversight(oversightStub(c.env, tenant).getApproval(tenant, idParam(c), Date.now()));
    if (approval === null) throw new ProblemError("not-found", "this tenant has no approval with that id");
    return c.json(approval, 200, { "cache-control": "no-store" });
  });

  for (const verdict of ["approve", "deny"] as const) {
    app.post(`/v2/approvals/:id/${verdict}`, async (c) => {
      const tenant = tenantFor(c, "approvals:decide");
      const id = idParam(c);
      const { note } = await decisionBody(c);
      const principal = c.get("principal");
      const by = principal.kind === "tenant" ? principal.keyId : "platform";
      const result: ApprovalDecideResult = await callOversight(oversightStub(c.env, tenant).decideApproval(tenant, id, verdict, by, note ?? null, Date.now()));
      if (!result.ok) throw refusalProblem(result);
      const { approval } = result;
      await recordAdminEvent(c.env, {
        tenant,
        actor: adminActor(principal),
        action: verdict === "approve" ? "approval.approve" : "approval.deny",
        target: { type: "approval", id },
        before: { status: result.before },
        after: { status: approval.status, agent_id: approval.agent_id, decision_id: approval.decision_id, request_hash: approval.request_hash, expires_at: approval.expires_at },
        ...(note !== undefined ? { reason: note } : {}),
      });
      return c.json(approval, 200, { "cache-control": "no-store" });
    });
  }

  return app;
}

function idParam(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!APPROVAL_ID_PATTERN.test(id)) throw new ProblemError("not-found", "approval ids are apr_ and 32 hex characters");
  return id;
}

async function decisionBody(c: Context<AppEnv>): Promise<z.infer<typeof ApprovalDecisionSchema>> {
  const length = c.req.header("content-length");
  if (c.req.raw.body === null || length === "0") return {};
  return parseOrProblem(ApprovalDecisionSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the approval decision");
}

function refusalProblem(result: Exclude<ApprovalDecideResult, { ok: true }>): ProblemError {
  switch (result.code) {
    case "not_found":
      return new ProblemError("not-found", result.message);
    case "self_approval":
      return new ProblemError("forbidden", result.message);
    case "not_pending":
      return new ProblemError("conflict", result.message, { status_now: result.approval.status });
  }
}
