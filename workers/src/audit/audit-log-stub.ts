/**
 * The tenant's AuditLog Durable Object stub.
 */
import { auditLogName } from "@nethical/durable-objects/audit-log/name";

/**
 * The AuditLog of `tenant`.
 *
 * @example
 * await auditLogStub(env, "acme").append("acme", events);
 */
export function auditLogStub(env: Env, tenant: string) {
  return env.AUDIT_LOG.get(env.AUDIT_LOG.idFromName(auditLogName(tenant)));
}
