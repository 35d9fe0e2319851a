/**
 * The one place the SLO code addresses a tenant's MetricsStore (where its SLO setting, windows and breach
 * episodes live).
 */
import { metricsStoreName } from "@nethical/durable-objects/metrics-store/name";

/**
 * `tenant`'s MetricsStore.
 *
 * @example
 * await sloStore(env, "acme").sloSetting("acme");
 */
export function sloStore(env: Env, tenant: string) {
  return env.METRICS.get(env.METRICS.idFromName(metricsStoreName(tenant)));
}
