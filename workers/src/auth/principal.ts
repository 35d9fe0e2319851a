/**
 * Who is calling, and what each role may do. Roles: `agent` (evaluate), `operator` (evaluate, agents,
 * policies), `auditor` (read-only), `admin` (everything within its tenant), `device` (upload its own
 * decision log; issued only by device enrolment and bound to one device id). The platform bootstrap
 * key is not a tenant member: it may create tenants, manage any tenant's keys and read every tenant's metrics.
 */

import type { Residency } from "@nethical/durable-objects/residency/residency";

/** The roles an API key can have. */
export const ROLES = ["agent", "operator", "auditor", "admin", "device"] as const;
export type Role = (typeof ROLES)[number];

/**
 * The authenticated caller. A tenant key's principal carries the tenant's data residency (looked up once per
 * isolate at authentication, durable-objects/src/residency/), so routes know where the tenant's data lives.
 */
export type Principal =
  | { kind: "platform" }
  | { kind: "tenant"; tenant: string; residency: Residency; role: Role; keyId: string; deviceId?: string; agentIds?: readonly string[] };

/** Things a request may do. */
export type Permission =
  | "evaluate"
  | "agents:read"
  | "agents:reinstate"
  | "fleet:control"
  | "policies:read"
  | "policies:write"
  | "keys:read"
  | "keys:write"
  | "audit:read"
  | "audit:ingest"
  | "audit:retention"
  | "devices:rotate-key"
  | "webhooks:read"
  | "webhooks:write"
  | "webhooks:inbound-secrets"
  | "streams:read"
  | "metrics:read"
  | "fairness:read"
  | "fairness:write"
  | "approvals:read"
  | "approvals:decide"
  | "appeals:file"
  | "appeals:read"
  | "appeals:decide"
  | "slo:read"
  | "slo:write";

/** Which roles hold each permission (admin holds all). */
export const ROLE_PERMISSIONS: Readonly<Record<Permission, readonly Role[]>> = {
  evaluate: ["agent", "operator", "admin"],
  "agents:read": ["operator", "auditor", "admin"],
  "agents:reinstate": ["operator", "admin"],
  /** Terminate an agent from the cloud; engage or release the tenant-wide emergency stop (pushed to devices). */
  "fleet:control": ["operator", "admin"],
  "policies:read": ["operator", "auditor", "admin"],
  "policies:write": ["operator", "admin"],
  "keys:read": ["auditor", "admin"],
  "keys:write": ["admin"],
  /** Decisions and the audit log: read, proofs, export (issue 3). */
  "audit:read": ["auditor", "admin"],
  /** Upload audit events decided elsewhere: a device its own, operators and admins any device's. */
  "audit:ingest": ["device", "operator", "admin"],
  /** Set the audit retention policy; run archiving and retention now (issue 19). */
  "audit:retention": ["admin"],
  /** Rotate a device's identity key (`POST /v2/devices/{id}/key`, proofs by both keys): a device its own, operators and admins any. */
  "devices:rotate-key": ["device", "operator", "admin"],
  /** Outbound webhook subscriptions (never their secrets) and their delivery logs. */
  "webhooks:read": ["operator", "auditor", "admin"],
  /** Create, delete, rotate the secret of a subscription; redeliver. */
  "webhooks:write": ["operator", "admin"],
  /** Inbound webhook signing secrets: create, rotate, list (never the values), retire. */
  "webhooks:inbound-secrets": ["operator", "admin"],
  /** Live streams of decisions and violations (a stream token, then the WebSocket). */
  "streams:read": ["operator", "auditor", "admin"],
  /** GET /v2/metrics: the tenant's metrics (the platform key: every tenant's). */
  "metrics:read": ["operator", "auditor", "admin"],
  /** Fairness figures from recorded decisions (`GET /v2/fairness`) and the tenant's fairness setting. */
  "fairness:read": ["operator", "auditor", "admin"],
  /** Name the context field fairness cohorts come from (`PUT /v2/fairness/config`). */
  "fairness:write": ["operator", "admin"],
  /** Human approvals opened by `require_human_approval` (`GET /v2/approvals[/{id}]`). */
  "approvals:read": ["operator", "auditor", "admin"],
  /** Approve or deny an approval (never one the same key's request opened). */
  "approvals:decide": ["operator", "admin"],
  /** Appeal a decision (agent keys: only for their own agents). */
  "appeals:file": ["agent", "operator", "admin"],
  /** Read appeals (`GET /v2/appeals[/{id}]`). */
  "appeals:read": ["operator", "auditor", "admin"],
  /** Uphold or reject an appeal (never one the same key filed); upholding a TERMINATE reinstates the agent. */
  "appeals:decide": ["operator", "admin"],
  /** The tenant's SLO profile, burn rates, breach episodes and this isolate's latency breakers (`GET /v2/slo`). */
  "slo:read": ["operator", "auditor", "admin"],
  /** Choose the tenant's SLO profile (`PUT /v2/slo/profile`): it sets the decision path's deadlines. */
  "slo:write": ["operator", "admin"],
};

/**
 * Whether `role` holds `permission`.
 *
 * @example
 * roleAllows("auditor", "agents:read");      // true
 * roleAllows("auditor", "agents:reinstate"); // false
 */
export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[permission].includes(role);
}

/**
 * Whether `principal` may do `permission` on `tenant`'s resources. The platform key may only manage
 * keys and read metrics (it creates tenants through its own check); tenant keys only act within their own tenant.
 *
 * @example
 * mayActOn({ kind: "tenant", tenant: "a", residency: "any", role: "admin", keyId: "k" }, "b", "keys:read"); // false
 */
export function mayActOn(principal: Principal, tenant: string, permission: Permission): boolean {
  if (principal.kind === "platform") return permission === "keys:read" || permission === "keys:write" || permission === "metrics:read";
  return principal.tenant === tenant && roleAllows(principal.role, permission);
}
