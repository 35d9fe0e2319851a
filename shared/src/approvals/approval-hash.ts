/**
 * What a human approval is bound to: the SHA-256 of the evaluate request in canonical JSON, without the
 * fields that legitimately change between the RESTRICT and its retry — `request_id` (a caller-chosen
 * decision id, new per call) and `approval_id` (only on the retry). Everything else (agent, action, type,
 * tool and arguments, context, stated intent, inputs) is covered, so an approval for one action cannot be
 * used for another.
 */
import type { EvaluateRequest } from "../schemas/action.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { sha256Hex } from "../util/sha256.ts";

/** The request fields left out of the approval hash. */
export const APPROVAL_VOLATILE_FIELDS = ["request_id", "approval_id"] as const;

/**
 * The hash an approval is bound to (64 lower-case hex characters).
 *
 * @example
 * await approvalRequestHash({ agent_id: "a", action: "export", action_type: "data_access", request_id: "r1" })
 *   === await approvalRequestHash({ agent_id: "a", action: "export", action_type: "data_access", approval_id: "apr_…" }); // true
 */
export function approvalRequestHash(request: EvaluateRequest): Promise<string> {
  const { request_id: _requestId, approval_id: _approvalId, ...bound } = request;
  return sha256Hex(canonicalJson(bound));
}
