/**
 * The admin audit events of policy changes: a version's lifecycle transition, and the quick path that
 * activates a document at once. Before/after are summaries — version, status, canary share, bundle seq
 * and hash — never the policy document itself (its hash identifies it; the PolicyStore keeps it).
 */
import type { AdminActor } from "@nethical/core";
import type { BundleMeta } from "@nethical/durable-objects/policy-store/bundle-meta";
import type { VersionInfo } from "@nethical/durable-objects/policy-store/policy-versions";
import type { RecordAdminEventInput } from "./record-admin-event.ts";

function versionSummary(v: Pick<VersionInfo, "version" | "status" | "hash" | "canary_percent" | "seq">) {
  return { version: v.version, status: v.status, hash: v.hash, canary_percent: v.canary_percent, seq: v.seq };
}

function activeSummary(meta: BundleMeta | null) {
  return meta === null ? null : { seq: meta.seq, hash: meta.hash, policy_version: meta.policy_version };
}

/**
 * The event of `POST /v2/policies/{id}/versions/{v}/transition`: the version before (null if unknown)
 * and the version that ends with the requested status (a new one for a rollback), with the active bundle.
 *
 * @example
 * await recordAdminEvent(env, transitionEvent(tenant, actor, "payments", before, result.version, activeBefore, result.active));
 */
export function transitionEvent(
  tenant: string,
  actor: AdminActor,
  policyId: string,
  before: VersionInfo | null,
  after: VersionInfo,
  activeBefore: BundleMeta | null,
  activeAfter: BundleMeta | null,
): RecordAdminEventInput {
  return {
    tenant,
    actor,
    action: "policy.transition",
    target: { type: "policy", id: policyId },
    before: { ...(before === null ? { version: null } : versionSummary(before)), active: activeSummary(activeBefore) },
    after: { ...versionSummary(after), active: activeSummary(activeAfter) },
  };
}

/**
 * The event of `POST /v2/policies`: a new version published (in quarantine).
 *
 * @example
 * await recordAdminEvent(env, publishEvent(tenant, actor, "payments", created));
 */
export function publishEvent(tenant: string, actor: AdminActor, policyId: string, created: VersionInfo): RecordAdminEventInput {
  return { tenant, actor, action: "policy.publish", target: { type: "policy", id: policyId }, before: null, after: versionSummary(created) };
}

/**
 * The event of `PUT /v2/policies/active` (the quick path): the active bundle before and after.
 *
 * @example
 * await recordAdminEvent(env, activationEvent(tenant, actor, previousMeta, newMeta));
 */
export function activationEvent(tenant: string, actor: AdminActor, before: BundleMeta | null, after: BundleMeta): RecordAdminEventInput {
  return {
    tenant,
    actor,
    action: "policy.activate",
    target: { type: "policy", id: after.policy_version },
    before: { active: activeSummary(before) },
    after: { active: activeSummary(after) },
  };
}
