/**
 * Naming of the per-tenant AuditLog Durable Object.
 */

/**
 * Durable Object name of a tenant's AuditLog (its own namespace, so the tenant id alone).
 *
 * @example
 * auditLogName("acme"); // "acme" — address it only through the residency seam: auditLogStub(env, { tenant, residency })
 */
export function auditLogName(tenant: string): string {
  return tenant;
}
