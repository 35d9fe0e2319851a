/**
 * A person's approval applied to a decision: the `require_human_approval` obligation is satisfied, so a
 * RESTRICT whose only obligation that was becomes ALLOW; one with other obligations (redact, sandbox…)
 * stays RESTRICT with those. Nothing else weakens: ALLOW, BLOCK and TERMINATE, and a RESTRICT that does not
 * require approval, are returned unchanged (the approval is then not used). The approver's key id goes
 * into `explanation.decided_by` (first, kind `approval`) and `approval`, so it is in the audit event too.
 */
import type { ApprovalUse, EvaluateResponse } from "../schemas/response.ts";

/** The approval being used: its id, the approver's key id and when they approved (ms). */
export interface GrantedApproval {
  id: string;
  decidedBy: string;
  decidedAt: number;
}

/**
 * Whether `response` waits for a person: a RESTRICT with a `require_human_approval` obligation.
 *
 * @example
 * needsApproval(response); // true for RESTRICT [{ type: "require_human_approval" }]
 */
export function needsApproval(response: EvaluateResponse): boolean {
  return response.decision === "RESTRICT" && response.obligations.some((o) => o.type === "require_human_approval");
}

/**
 * `response` with `approval` satisfying its `require_human_approval`, or null when it needs none.
 *
 * @example
 * satisfyApproval(restrictNeedingApproval, { id: "apr_…", decidedBy: "k_op", decidedAt: Date.now() })?.decision; // "ALLOW"
 */
export function satisfyApproval(response: EvaluateResponse, approval: GrantedApproval): EvaluateResponse | null {
  if (!needsApproval(response)) return null;
  const obligations = response.obligations.filter((o) => o.type !== "require_human_approval");
  const decision = obligations.length === 0 ? "ALLOW" : "RESTRICT";
  const approvedAt = new Date(approval.decidedAt).toISOString();
  const reason = `require_human_approval satisfied: approved by key ${approval.decidedBy} at ${approvedAt}`;
  const use: ApprovalUse = { approval_id: approval.id, approved_by: approval.decidedBy, approved_at: approvedAt };
  return {
    ...response,
    decision,
    obligations,
    explanation: {
      ...response.explanation,
      summary: `${decision}: ${reason}`,
      decided_by: [{ kind: "approval", id: approval.id, decision, reason }, ...response.explanation.decided_by],
    },
    approval: use,
  };
}

/**
 * `response` with the approval's id and expiry written into its `require_human_approval` obligation.
 *
 * @example
 * withApprovalId(response, "apr_…", Date.now() + 3_600_000).obligations; // [{ type: "require_human_approval", approval_id: "apr_…", expires_at: "…" }]
 */
export function withApprovalId(response: EvaluateResponse, approvalId: string, expiresAt: number): EvaluateResponse {
  const expires = new Date(expiresAt).toISOString();
  return {
    ...response,
    obligations: response.obligations.map((o) => (o.type === "require_human_approval" ? { ...o, approval_id: approvalId, expires_at: expires } : o)),
  };
}
