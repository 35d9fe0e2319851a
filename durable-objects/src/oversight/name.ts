/**
 * Naming of the per-tenant Oversight Durable Object (approvals and appeals).
 */

/**
 * Durable Object name of a tenant's Oversight object (its own namespace, so the tenant id alone).
 *
 * @example
 * oversightName("acme"); // "acme" — address it only through the residency seam: oversightStub(env, { tenant, residency })
 */
export function oversightName(tenant: string): string {
  return tenant;
}
