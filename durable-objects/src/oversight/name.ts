/**
 * Naming of the per-tenant Oversight Durable Object (approvals and appeals).
 */

/**
 * Durable Object name of a tenant's Oversight object (its own namespace, so the tenant id alone).
 *
 * @example
 * env.OVERSIGHT.get(env.OVERSIGHT.idFromName(oversightName("acme")));
 */
export function oversightName(tenant: string): string {
  return tenant;
}
