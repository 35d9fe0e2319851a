/**
 * Human approvals on the decision path (POST /v2/evaluate, batch evaluate, inbound webhooks). Nothing here
 * runs for an ordinary decision: only a request carrying `approval_id`, or a decision that is a RESTRICT
 * requiring human approval, reaches the tenant's Oversight object.
 *
 * - {@link checkRetryApproval} (before deciding, single evaluate): a retry whose approval cannot be used —
 *   unknown, another agent's, another request's, pending, denied, used, expired — is refused with a problem
 *   and nothing is decided.
 * - {@link settleApprovals} (after deciding, before the audit event is built): a RESTRICT requiring approval
 *   either uses the retry's approval (claimed once, atomically; the decision becomes ALLOW, or RESTRICT with
 *   its other obligations, with the approver's key id in `decided_by` and `approval`) or opens one (the
 *   obligation then carries `approval_id` and `expires_at`). A degraded (fail-safe) answer neither opens nor
 *   uses an approval.
 */
import { approvalRequestHash, needsApproval, satisfyApproval, withApprovalId } from "@nethical/core/approvals/index.ts";
import type { EvaluateRequest, EvaluateResponse } from "@nethical/core";
import type { ApprovalSubject } from "@nethical/durable-objects/oversight/types";
import type { RoutedDecision } from "../decide/decide-requests.ts";
import { DO_TIMEOUT_MS, withTimeout } from "../decide/with-timeout.ts";
import { approvalProblem } from "./approval-refusals.ts";
import { callOversight, oversightStub } from "./oversight-stub.ts";

/** How long an approval stays open (and, once approved, usable): one hour from the RESTRICT. */
export const APPROVAL_TTL_MS = 60 * 60 * 1000;

/**
 * Refuse (throw a problem) a retry whose `approval_id` cannot be used; a request without one passes.
 *
 * @example
 * await checkRetryApproval(c.env, tenant, request, Date.now());
 */
export async function checkRetryApproval(env: Env, tenant: string, request: EvaluateRequest, now: number): Promise<void> {
  if (request.approval_id === undefined) return;
  const hash = await approvalRequestHash(request);
  const checked = await callOversight(oversightStub(env, tenant).checkApproval(tenant, request.approval_id, request.agent_id, hash, now));
  if (!checked.ok) throw approvalProblem(checked);
}

/**
 * Apply approvals to `outcomes` (changed in place and returned): use a retry's approval, or open one.
 * `requestedBy` is the caller's key id (it may not approve what it asked for).
 *
 * @example
 * const outcomes = await settleApprovals(c.env, tenant, keyId, requests, await decideRequests(…), now);
 */
export async function settleApprovals(env: Env, tenant: string, requestedBy: string, requests: readonly EvaluateRequest[], outcomes: RoutedDecision[], now: number): Promise<RoutedDecision[]> {
  await Promise.all(
    outcomes.map(async (outcome, i) => {
      const request = requests[i];
      if (request === undefined || outcome.degraded !== null || !needsApproval(outcome.response)) return;
      outcome.response = request.approval_id === undefined
        ? await openFor(env, tenant, requestedBy, request, outcome.response, now)
        : await useApproval(env, tenant, request, request.approval_id, outcome.response, now);
    }),
  );
  return outcomes;
}

async function useApproval(env: Env, tenant: string, request: EvaluateRequest, approvalId: string, response: EvaluateResponse, now: number): Promise<EvaluateResponse> {
  const hash = await approvalRequestHash(request);
  let reason: string;
  try {
    const claimed = await withTimeout(oversightStub(env, tenant).claimApproval(tenant, approvalId, request.agent_id, hash, response.decision_id, now), DO_TIMEOUT_MS, "Oversight");
    if (claimed.ok) return satisfyApproval(response, claimed.grant) ?? response;
    reason = `approval not used (${claimed.code}): ${claimed.message}`;
  } catch {
    reason = "approval not used: approvals could not be reached";
  }
  // The RESTRICT stands, saying why the approval did not satisfy it (e.g. a concurrent retry used it first).
  return { ...response, explanation: { ...response.explanation, decided_by: [...response.explanation.decided_by, { kind: "approval", id: approvalId, decision: "RESTRICT", reason }] } };
}

async function openFor(env: Env, tenant: string, requestedBy: string, request: EvaluateRequest, response: EvaluateResponse, now: number): Promise<EvaluateResponse> {
  try {
    const subject: ApprovalSubject = {
      agent_id: request.agent_id,
      request_hash: await approvalRequestHash(request),
      decision_id: response.decision_id,
      action_type: request.action_type,
      tool: request.tool?.name ?? null,
      reason: approvalReason(response),
      risk_score: response.risk_score,
      laws: response.explanation.laws,
      requested_by: requestedBy,
    };
    const { approval } = await withTimeout(oversightStub(env, tenant).openApproval(tenant, subject, now, APPROVAL_TTL_MS), DO_TIMEOUT_MS, "Oversight");
    return withApprovalId(response, approval.approval_id, Date.parse(approval.expires_at));
  } catch (error) {
    // The RESTRICT stands without an approval id (it can still not be ALLOWed); ids only in the log.
    console.error(JSON.stringify({ level: "error", msg: "approval not opened", tenant, decision_id: response.decision_id, error: (error as Error)?.name ?? "Error" }));
    return response;
  }
}

function approvalReason(response: EvaluateResponse): string {
  const obligation = response.obligations.find((o) => o.type === "require_human_approval");
  const reason = obligation?.type === "require_human_approval" ? obligation.reason : undefined;
  return (reason ?? response.explanation.summary).slice(0, 500);
}
