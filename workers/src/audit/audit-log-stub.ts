/**
 * The tenant's AuditLog Durable Object stub, addressed through the residency seam (in the tenant's
 * jurisdiction; durable-objects/src/residency/).
 */
import { auditLogFor } from "@nethical/durable-objects/residency/by-tenant";

/**
 * The AuditLog of `tenant`.
 *
 * @example
 * await auditLogStub(env, "acme").append("acme", events);
 */
export function auditLogStub(env: Env, tenant: string) {
  return auditLogFor(env, tenant);
}
