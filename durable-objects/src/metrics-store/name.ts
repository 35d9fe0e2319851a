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
 * metricsStoreName("acme"); // "acme" — address it only through the residency seam: metricsStoreStub(env, { tenant, residency })
 */
export function metricsStoreName(tenant: string): string {
  return tenant;
}
