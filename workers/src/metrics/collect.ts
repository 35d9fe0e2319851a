/**
 * Gathering metrics at scrape time: a tenant's cumulative series from its MetricsStore, its audit backlog
 * from its AuditLog (events Postgres does not hold yet) and its devices by mode from the fleet records; for
 * the platform key, every tenant the registry lists. A MetricsStore that cannot be read fails the scrape (503:
 * Prometheus marks the target down rather than seeing counters drop); a gauge whose source cannot be read is
 * left out of that scrape.
 */
import { listFleet } from "@nethical/durable-objects/policy-store/fleet-records";
import { METRICS_REGISTRY_NAME } from "@nethical/durable-objects/metrics-store/name";
import { platformObjectStub } from "@nethical/durable-objects/residency/placement";
import { metricsStoreFor } from "@nethical/durable-objects/residency/by-tenant";
import { auditLogStub } from "../audit/audit-log-stub.ts";
import { DO_TIMEOUT_MS, withTimeout } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import type { TenantMetrics } from "./exposition.ts";
import { sloGauges } from "../slo/slo-gauges.ts";

const UNREACHABLE = "the metrics store could not be reached; try again";

/**
 * The tenants the platform registry lists (those with at least one stored metric).
 *
 * @example
 * const tenants = await registeredTenants(env); // ["acme", "globex"]
 */
export function registeredTenants(env: Env): Promise<string[]> {
  return callDurableObject(platformObjectStub(env, METRICS_REGISTRY_NAME).tenants(), "MetricsStore", DO_TIMEOUT_MS, UNREACHABLE);
}

/**
 * One tenant's metrics: stored series and the gauges read now.
 *
 * @example
 * const metrics = await collectTenant(env, "acme");
 */
export async function collectTenant(env: Env, tenant: string): Promise<TenantMetrics> {
  const store = metricsStoreFor(env, tenant);
  const slo = sloGauges(env, tenant, Date.now()); // one SLO evaluation for both SLO gauges (workers/src/slo/)
  const [snapshot, backlog, devices, burnRate, breached] = await Promise.all([
    callDurableObject(store.snapshot(tenant), "MetricsStore", DO_TIMEOUT_MS, UNREACHABLE),
    gauge(tenant, "audit_backlog", async () => [{ labels: {}, value: (await auditLogStub(env, tenant).stats(tenant)).pending_db }]),
    gauge(tenant, "devices", async () => devicesByMode(await listFleet(env.POLICY_KV, tenant))),
    gauge(tenant, "slo_burn_rate", async () => (await slo).slo_burn_rate),
    gauge(tenant, "slo_breached", async () => (await slo).slo_breached),
  ]);
  return { tenant, snapshot, gauges: { ...backlog, ...devices, ...burnRate, ...breached } };
}

/** Device counts by reported mode (a device that never reported one is "unknown"); every mode appears. */
function devicesByMode(records: readonly { mode: string | null }[]): { labels: Record<string, string>; value: number }[] {
  const counts = new Map<string, number>(["ONLINE", "DEGRADED", "OFFLINE", "unknown"].map((m) => [m, 0]));
  for (const r of records) counts.set(r.mode ?? "unknown", (counts.get(r.mode ?? "unknown") ?? 0) + 1);
  return [...counts].map(([mode, value]) => ({ labels: { mode }, value }));
}

async function gauge(tenant: string, name: string, read: () => Promise<{ labels: Record<string, string>; value: number }[]>): Promise<Record<string, { labels: Record<string, string>; value: number }[]>> {
  try {
    return { [name]: await withTimeout(read(), DO_TIMEOUT_MS, "metrics gauge") };
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", msg: "metrics gauge not read", tenant, gauge: name, error: (error as Error)?.name ?? "Error" }));
    return {};
  }
}
