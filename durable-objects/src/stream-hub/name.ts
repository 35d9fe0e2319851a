/**
 * Naming of the per-tenant StreamHub Durable Object.
 */

/**
 * Durable Object name of a tenant's StreamHub (its own namespace, so the tenant id alone).
 *
 * @example
 * streamHubName("acme"); // "acme" — address it only through the residency seam: streamHubStub(env, { tenant, residency })
 */
export function streamHubName(tenant: string): string {
  return tenant;
}
