/**
 * How a retry that cannot use its approval is answered: an RFC 9457 problem, before anything is decided.
 * An approval of another tenant is simply not found (each tenant's approvals live in its own object).
 */
import { ProblemError } from "@nethical/http";
import type { ApprovalUseRefusal } from "@nethical/durable-objects/oversight/types";

/**
 * The problem for a refused approval: 404 (`not_found`) or 409 with the refusal code as `approval_refusal`.
 *
 * @example
 * throw approvalProblem({ ok: false, code: "wrong_request", message: "…" }); // 409, approval_refusal: "wrong_request"
 */
export function approvalProblem(refusal: ApprovalUseRefusal): ProblemError {
  if (refusal.code === "not_found") return new ProblemError("not-found", refusal.message, { approval_refusal: refusal.code });
  return new ProblemError("conflict", refusal.message, { approval_refusal: refusal.code });
}
