/**
 * Naming of the per-tenant AuditLog Durable Object.
 */

/**
 * Durable Object name of a tenant's AuditLog (its own namespace, so the tenant id alone).
 *
 * @example
 * env.AUDIT_LOG.get(env.AUDIT_LOG.idFromName(auditLogName("acme")));
 */
export function auditLogName(tenant: string): string {
  return tenant;
}
