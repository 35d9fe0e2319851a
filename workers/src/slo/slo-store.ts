/**
 * The one place the SLO code addresses a tenant's MetricsStore (where its SLO setting, windows and breach
 * episodes live): through the residency seam, in the tenant's jurisdiction.
 */
import { metricsStoreFor } from "@nethical/durable-objects/residency/by-tenant";

/**
 * `tenant`'s MetricsStore.
 *
 * @example
 * await sloStore(env, "acme").sloSetting("acme");
 */
export function sloStore(env: Env, tenant: string) {
  return metricsStoreFor(env, tenant);
}
