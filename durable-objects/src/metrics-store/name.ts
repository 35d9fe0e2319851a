/**
 * Naming of the MetricsStore Durable Objects: one per tenant (name: the tenant id) and one platform
 * registry listing the tenants that have metrics (a name no tenant id can have: tenant ids are a-z, 0-9
 * and hyphens, so never contain ':').
 */

/** The registry object's name. */
export const METRICS_REGISTRY_NAME = "platform:metrics-registry";

/**
 * Durable Object name of a tenant's MetricsStore.
 *
 * @example
 * env.METRICS.get(env.METRICS.idFromName(metricsStoreName("acme")));
 */
export function metricsStoreName(tenant: string): string {
  return tenant;
}
