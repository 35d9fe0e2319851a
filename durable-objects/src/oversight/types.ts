/**
 * What the Oversight Durable Object stores and answers: human approvals of `require_human_approval`
 * obligations and appeals of decisions, as the API shows them, and the refusals of its methods.
 */
import type { Refusal } from "../errors.ts";

/** An approval's status; `expired` is derived (pending or approved past `expires_at`), never stored. */
export const APPROVAL_STATUSES = ["pending", "approved", "denied", "used", "expired"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** An appeal's status. */
export const APPEAL_STATUSES = ["pending", "upheld", "rejected"] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** Approval ids: `apr_` and 32 hex characters. */
export const APPROVAL_ID_PATTERN = /^apr_[0-9a-f]{32}$/;
/** Appeal ids: `apl_` and 32 hex characters. */
export const APPEAL_ID_PATTERN = /^apl_[0-9a-f]{32}$/;

/** What a RESTRICT that requires approval tells the approver (no action text: raw requests are never stored). */
export interface ApprovalSubject {
  agent_id: string;
  request_hash: string;
  decision_id: string;
  action_type: string;
  tool: string | null;
  reason: string;
  risk_score: number;
  laws: number[];
  /** Key id of the caller whose request opened the approval (may not approve it). */
  requested_by: string;
}

/** One approval as listed. Times are ISO 8601. */
export interface ApprovalView extends ApprovalSubject {
  approval_id: string;
  status: ApprovalStatus;
  opened_at: string;
  expires_at: string;
  decided_by: string | null;
  decided_at: string | null;
  note: string | null;
  used_at: string | null;
  used_decision_id: string | null;
}

/** The approval an evaluate retry may use: its id, approver and when it was approved (ms). */
export interface ApprovalGrant {
  id: string;
  decidedBy: string;
  decidedAt: number;
}

/** Why a retry cannot use an approval (each becomes a problem response in the Worker). */
export type ApprovalUseRefusal = Refusal<"not_found" | "wrong_agent" | "wrong_request" | "pending" | "denied" | "used" | "expired">;

/** Result of checking or claiming an approval for a retry. */
export type ApprovalUseResult = { ok: true; grant: ApprovalGrant; approval: ApprovalView } | ApprovalUseRefusal;

/** Result of approving or denying. */
export type ApprovalDecideResult =
  | { ok: true; before: ApprovalStatus; approval: ApprovalView }
  | Refusal<"not_found" | "self_approval">
  | (Refusal<"not_pending"> & { approval: ApprovalView });

/** Result of opening: the approval, and whether a pending one for the same agent and request was reused. */
export interface ApprovalOpenResult {
  approval: ApprovalView;
  reused: boolean;
}

/** An appeal as filed: the decision appealed (from the audit trail) and the owner's evidence. */
export interface AppealFiling {
  decision_id: string;
  agent_id: string;
  /** The appealed decision word (RESTRICT, BLOCK or TERMINATE). */
  decision: string;
  /** Who decided it: `edge-worker` (the cloud) or `device` (an edge device, uploaded later). */
  source: string;
  evidence: string;
  /** SHA-256 (hex) of the evidence: what the audit trail records instead of the text. */
  evidence_sha256: string;
  filed_by: string;
  filed_role: string;
}

/** One appeal as listed. Times are ISO 8601. */
export interface AppealView extends AppealFiling {
  appeal_id: string;
  status: AppealStatus;
  filed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  /** For an upheld TERMINATE: whether the agent was reinstated (null: not applicable or not done yet). */
  reinstated: boolean | null;
  reinstate_note: string | null;
}

/** Result of filing. */
export type AppealFileResult = { ok: true; appeal: AppealView } | (Refusal<"exists"> & { appeal: AppealView });

/** Result of upholding or rejecting. */
export type AppealDecideResult =
  | { ok: true; appeal: AppealView }
  | Refusal<"not_found" | "self_decision">
  | (Refusal<"not_pending"> & { appeal: AppealView });

/** A page of a list, newest first; `next_cursor` continues it. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
