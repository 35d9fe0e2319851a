/**
 * The admin audit events of API keys: issued (admin route or device enrolment) and revoked. Before/after
 * carry the key's id, role, label, bound agents or device and its revocation time — never the secret nor
 * its hash (the key id is enough to find the stored record).
 */
import type { AdminActor } from "@nethical/core";
import type { ApiKeyMeta } from "../auth/key-store.ts";
import type { RecordAdminEventInput } from "./record-admin-event.ts";

function summary(meta: ApiKeyMeta) {
  return {
    role: meta.role,
    label: meta.label ?? null,
    agent_ids: meta.agent_ids ?? null,
    device_id: meta.device_id ?? null,
    created_at: meta.created_at,
    revoked_at: meta.revoked_at ?? null,
  };
}

/**
 * The event of a key issued (`POST /v2/admin/tenants/{tenant}/keys`, or a device's key at enrolment).
 *
 * @example
 * await recordAdminEvent(env, keyIssueEvent(tenant, adminActor(principal), meta));
 */
export function keyIssueEvent(tenant: string, actor: AdminActor, meta: ApiKeyMeta): RecordAdminEventInput {
  return { tenant, actor, action: "key.issue", target: { type: "api_key", id: meta.key_id }, before: null, after: summary(meta) };
}

/**
 * The event of a key revoked (`DELETE /v2/admin/tenants/{tenant}/keys/{key_id}`); `revoked` is the record
 * after revocation (its `revoked_at` set). Revoking an already revoked key is recorded too (before shows
 * the earlier revocation time).
 *
 * @example
 * await recordAdminEvent(env, keyRevokeEvent(tenant, adminActor(principal), revokedMeta, previousRevokedAt));
 */
export function keyRevokeEvent(tenant: string, actor: AdminActor, revoked: ApiKeyMeta, previousRevokedAt: string | null): RecordAdminEventInput {
  const after = summary(revoked);
  return { tenant, actor, action: "key.revoke", target: { type: "api_key", id: revoked.key_id }, before: { ...after, revoked_at: previousRevokedAt }, after };
}
