/**
 * Zod schemas of approvals and appeals as the API answers them (durable-objects/src/oversight/types.ts),
 * named for the API description; the contract test checks real answers against them.
 */
import { z } from "zod";
import { APPEAL_STATUSES, APPROVAL_STATUSES } from "@nethical/durable-objects/oversight/types";
import { named } from "../openapi/components.ts";

const Time = z.string().describe("ISO 8601");

/** One approval. */
export const ApprovalView = named(
  "Approval",
  z
    .object({
      approval_id: z.string().describe("`apr_` and 32 hex characters; the agent retries with it as `approval_id`"),
      status: z.enum(APPROVAL_STATUSES).describe("`expired`: pending or approved past `expires_at`"),
      agent_id: z.string(),
      request_hash: z.string().describe("SHA-256 of the canonical request without request_id and approval_id: the approval is good for this request only"),
      decision_id: z.string().describe("The RESTRICT that opened it"),
      action_type: z.string(),
      tool: z.string().nullable().describe("The tool's name, if any (the action text and arguments are not stored)"),
      reason: z.string().describe("Why approval is required (the obligation's reason)"),
      risk_score: z.number(),
      laws: z.array(z.number().int()),
      requested_by: z.string().describe("Key id of the caller whose request opened it (it may not decide it)"),
      opened_at: Time,
      expires_at: Time,
      decided_by: z.string().nullable().describe("Key id of the operator or admin who approved or denied"),
      decided_at: Time.nullable(),
      note: z.string().nullable(),
      used_at: Time.nullable(),
      used_decision_id: z.string().nullable().describe("The ALLOW decision that used it"),
    })
    .strict(),
);

/** One appeal. */
export const AppealView = named(
  "Appeal",
  z
    .object({
      appeal_id: z.string().describe("`apl_` and 32 hex characters"),
      status: z.enum(APPEAL_STATUSES),
      decision_id: z.string(),
      agent_id: z.string(),
      decision: z.string().describe("The appealed decision: RESTRICT, BLOCK or TERMINATE"),
      source: z.string().describe("Who decided it: `edge-worker` (the cloud) or `device` (an edge device; its decision log uploaded)"),
      evidence: z.string(),
      evidence_sha256: z.string().describe("What the audit trail records instead of the evidence text"),
      filed_by: z.string().describe("Key id that filed it (it may not decide it)"),
      filed_role: z.string(),
      filed_at: Time,
      decided_by: z.string().nullable(),
      decided_at: Time.nullable(),
      reason: z.string().nullable().describe("The operator's reason"),
      reinstated: z.boolean().nullable().describe("For an upheld TERMINATE: whether the agent was reinstated"),
      reinstate_note: z.string().nullable().describe("Why it was not, when it was not"),
    })
    .strict(),
);

/**
 * The list query of `GET /v2/approvals` and `GET /v2/appeals`: status, agent, page size (1–100, default 50), cursor.
 *
 * @example
 * const q = parseOrProblem(listQuery(APPROVAL_STATUSES), c.req.query(), "the query");
 */
export function listQuery<S extends readonly [string, ...string[]]>(statuses: S) {
  return z
    .object({
      status: z.enum(statuses).optional(),
      agent_id: z.string().min(1).max(256).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
      cursor: z.string().regex(/^\d{1,15}$/, "cursor must come from next_cursor").optional(),
    })
    .strict();
}
