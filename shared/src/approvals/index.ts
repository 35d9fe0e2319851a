/** Human approvals of `require_human_approval` obligations: the request hash they bind to, and their effect. */
export { APPROVAL_VOLATILE_FIELDS, approvalRequestHash } from "./approval-hash.ts";
export { needsApproval, satisfyApproval, withApprovalId, type GrantedApproval } from "./satisfy-approval.ts";
