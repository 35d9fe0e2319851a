/**
 * Naming of the per-tenant StreamHub Durable Object.
 */

/**
 * Durable Object name of a tenant's StreamHub (its own namespace, so the tenant id alone).
 *
 * @example
 * env.STREAM_HUB.get(env.STREAM_HUB.idFromName(streamHubName("acme")));
 */
export function streamHubName(tenant: string): string {
  return tenant;
}
