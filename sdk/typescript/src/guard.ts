/**
 * `guard()`: put Nethical in front of an agent's tool. Each call is evaluated first (`action_type`
 * `tool_call`, the tool's name and arguments), then:
 *
 * - ALLOW: the tool runs with the arguments as given;
 * - RESTRICT: the span obligations are applied (`redact` replaces the flagged spans in the arguments, the
 *   action text or an input; `quarantine_input` removes instructions from an input), and a
 *   `require_human_approval` asks the caller's `approve` callback: no (or no callback) → ApprovalDeniedError;
 *   `{ approvalId }` (the server's approval, which the callback saw a person approve through
 *   `/v2/approvals`) → the same request is evaluated again with `approval_id`, and the server answers ALLOW
 *   once, naming the approver's key id (README "Approvals"); an approver's name → the call is evaluated
 *   again with `context.approval.approved_by` set (a caller-side approval the default policy's payment rule
 *   accepts); then the tool runs with the redacted arguments;
 * - BLOCK → BlockedError, TERMINATE → TerminatedError; the tool does not run.
 *
 * The other obligations (`sandbox`, `rate_limit`, `log_only`) are handed to the tool in its context: only
 * the caller knows how to sandbox or pace its tools. With `scanOutput`, a string the tool returns is
 * evaluated as a `tool_output` input before the agent sees it: its flagged spans are redacted or removed,
 * and a BLOCK or TERMINATE throws as above.
 */
import type { EvaluateRequest, EvaluateResponse, Obligation } from "@nethical/core";
import type { NethicalClient } from "./client.ts";
import { ApprovalDeniedError, BlockedError, TerminatedError } from "./errors.ts";
import { applySpanObligations, REDACTED } from "./redact.ts";

/** What `approve` is asked. */
export interface ApprovalRequest<A> {
  agentId: string;
  tool: string;
  /** The arguments as they would run (redactions applied). */
  args: A;
  /** The obligation's reason, when the rule gave one. */
  reason: string | undefined;
  /** The approval the server opened for this call (`GET/POST /v2/approvals/{id}`), when it opened one. */
  approvalId: string | undefined;
  decision: EvaluateResponse;
}

/**
 * What `approve` answers: `false` (not approved), `{ approvalId }` (approved through `/v2/approvals`: retry
 * with it), `{ approvedBy }` (approved by the caller's own flow: recorded in the context), or `true`.
 */
export type ApprovalAnswer = { approvalId: string } | { approvedBy: string } | boolean;

/** What the tool receives besides its arguments. */
export interface GuardContext {
  /** The decision the call ran under (after an approval, the re-evaluated one). */
  decision: EvaluateResponse;
  /** Every obligation of that decision, for the caller to honour (`sandbox`, `rate_limit`, …). */
  obligations: Obligation[];
  /** Fields that were redacted before the call (`tool.arguments.to`, `action`, …). */
  redacted: string[];
  /** The action text after redaction. */
  action: string;
  /** Who approved, when an approval was required: the approver's key id (server approvals) or name. */
  approvedBy: string | undefined;
}

/** Options of {@link guard}. */
export interface GuardOptions<A extends Record<string, unknown>, R> {
  agentId: string;
  /** The tool's name, sent as `tool.name`. */
  tool: string;
  /** The tool itself. */
  run: (args: A, context: GuardContext) => Promise<R> | R;
  /** Default `tool_call`; e.g. `code_execution` for a shell tool. */
  actionType?: string;
  /** The action text (default: the tool's name); e.g. the command of a shell tool. */
  describe?: (args: A) => string;
  /** Extra request context (`context`), e.g. the session or the user. */
  context?: (args: A) => Record<string, unknown>;
  /** Asked when a RESTRICT requires human approval (see {@link ApprovalAnswer}). */
  approve?: (request: ApprovalRequest<A>) => Promise<ApprovalAnswer> | ApprovalAnswer;
  /** Evaluate a string result as a `tool_output` input before returning it. */
  scanOutput?: boolean;
  /** What a redacted span becomes. Default `[REDACTED]`. */
  marker?: string;
}

function refuse(response: EvaluateResponse): void {
  if (response.decision === "TERMINATE") throw new TerminatedError(response);
  if (response.decision === "BLOCK") throw new BlockedError(response);
}

/**
 * Wrap a tool so that every call goes through Nethical first.
 *
 * @example
 * const sendEmail = guard(client, {
 *   agentId: "mail-agent", tool: "send_email",
 *   run: async ({ to, body }) => mailer.send(to, body),
 *   approve: async ({ reason }) => ({ approvedBy: await askOnSlack(reason) }),
 * });
 * await sendEmail({ to: "sam@acme.test", body: "…" }); // runs, runs redacted, or throws BlockedError / TerminatedError
 */
export function guard<A extends Record<string, unknown>, R>(client: NethicalClient, options: GuardOptions<A, R>): (args: A) => Promise<R> {
  const marker = options.marker ?? REDACTED;
  return async (args: A): Promise<R> => {
    const context = options.context?.(args);
    const request: EvaluateRequest = {
      agent_id: options.agentId,
      action: options.describe?.(args) ?? options.tool,
      action_type: options.actionType ?? "tool_call",
      tool: { name: options.tool, arguments: args },
      ...(context !== undefined ? { context } : {}),
    };
    let decision = await client.evaluate(request);
    refuse(decision);
    let applied = applySpanObligations(request, decision.obligations, marker);
    let approvedBy: string | undefined;
    const approval = decision.obligations.find((o) => o.type === "require_human_approval");
    if (approval !== undefined) {
      const answer = await options.approve?.({ agentId: options.agentId, tool: options.tool, args: applied.request.tool?.arguments as A, reason: approval.reason, approvalId: approval.approval_id, decision });
      if (answer === undefined || answer === false) throw new ApprovalDeniedError(decision);
      if (typeof answer === "object" && "approvalId" in answer) {
        // The same request with the approval: the server refuses (problem) an approval that does not apply.
        const retried: EvaluateRequest = { ...request, approval_id: answer.approvalId };
        decision = await client.evaluate(retried);
        refuse(decision);
        if (decision.obligations.some((o) => o.type === "require_human_approval")) throw new ApprovalDeniedError(decision);
        approvedBy = decision.approval?.approved_by;
        applied = applySpanObligations(retried, decision.obligations, marker);
      } else if (answer !== true) {
        approvedBy = answer.approvedBy;
        const approved: EvaluateRequest = { ...request, context: { ...request.context, approval: { approved_by: approvedBy } } };
        decision = await client.evaluate(approved);
        refuse(decision);
        applied = applySpanObligations(approved, decision.obligations, marker);
      }
    }
    const result = await options.run(applied.request.tool?.arguments as A, {
      decision,
      obligations: decision.obligations,
      redacted: applied.redacted,
      action: applied.request.action,
      approvedBy,
    });
    if (options.scanOutput !== true || typeof result !== "string" || result.length === 0) return result;
    return (await scanToolOutput(client, options.agentId, options.tool, result, marker)) as R;
  };
}

/**
 * Evaluate a tool's output as untrusted input (`inputs[0]`, source `tool_output`) and return it with the
 * decision's redactions and quarantined instructions removed; BLOCK/TERMINATE throw.
 *
 * @example
 * const safe = await scanToolOutput(client, "agent-1", "fetch_page", html);
 */
export async function scanToolOutput(client: NethicalClient, agentId: string, tool: string, output: string, marker = REDACTED): Promise<string> {
  const request: EvaluateRequest = {
    agent_id: agentId,
    action: `read the output of ${tool}`,
    action_type: "query",
    inputs: [{ source: "tool_output", name: tool, content: output }],
  };
  const decision = await client.evaluate(request);
  refuse(decision);
  return applySpanObligations(request, decision.obligations, marker).request.inputs?.[0]?.content ?? output;
}
