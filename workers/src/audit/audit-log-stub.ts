/**
 * The tenant's AuditLog Durable Object stub.
 */
import { auditLogName } from "../../../durable-objects/src/audit-log/name.ts";

/**
 * The AuditLog of `tenant`.
 *
 * @example
 * await auditLogStub(env, "acme").append("acme", events);
 */
export function auditLogStub(env: Env, tenant: string) {
  return env.AUDIT_LOG.get(env.AUDIT_LOG.idFromName(auditLogName(tenant)));
}
