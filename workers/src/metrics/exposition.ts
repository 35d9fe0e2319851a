/**
 * Prometheus text exposition (format 0.0.4) of one or more tenants' metrics, written by OpenTelemetry's
 * PrometheusSerializer (@opentelemetry/exporter-prometheus): the metrics are already aggregated (cumulative
 * counters, histogram bucket counts, gauges read at scrape), which is exactly the data model that serializer
 * takes, so no client-side instrument is involved. The package is side-effect free, so the bundler leaves its
 * Node HTTP exporter out of the Worker. Every series has a `tenant` label.
 */
import { ValueType } from "@opentelemetry/api";
import { PrometheusSerializer } from "@opentelemetry/exporter-prometheus";
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { LATENCY_BUCKETS_MS } from "@nethical/durable-objects/metrics-store/buckets";
import type { MetricsSnapshot } from "@nethical/durable-objects/metrics-store/types";
import { METRIC_DEFINITIONS, type MetricDefinition } from "./definitions.ts";

/** The content type of the exposition. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** One tenant's metrics at scrape time. Gauges are null when their source could not be read. */
export interface TenantMetrics {
  tenant: string;
  snapshot: MetricsSnapshot;
  /** store name of a gauge → points (labels besides tenant, value). */
  gauges: Readonly<Record<string, readonly { labels: Readonly<Record<string, string>>; value: number }[]>>;
}

const ZERO_TIME: [number, number] = [0, 0];
const serializer = new PrometheusSerializer(undefined, false, undefined, true, true);

/**
 * The exposition text of `tenants` (their series side by side, told apart by the `tenant` label).
 *
 * @example
 * const text = renderExposition([{ tenant: "acme", snapshot, gauges: { audit_backlog: [{ labels: {}, value: 0 }] } }]);
 */
export function renderExposition(tenants: readonly TenantMetrics[]): string {
  const metrics = METRIC_DEFINITIONS.map((def) => metricData(def, tenants));
  const resourceMetrics = { resource: { attributes: {} }, scopeMetrics: [{ scope: { name: "nethical" }, metrics }] } as unknown as ResourceMetrics;
  return serializer.serialize(resourceMetrics);
}

function metricData(def: MetricDefinition, tenants: readonly TenantMetrics[]): MetricData {
  const descriptor = { name: def.name, description: def.help, unit: "", valueType: ValueType.DOUBLE };
  const base = { descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE };
  if (def.kind === "histogram") {
    const scale = def.seconds === true ? 1 / 1000 : 1;
    const boundaries = LATENCY_BUCKETS_MS.map((ms) => ms * scale);
    const dataPoints = tenants.flatMap((t) =>
      t.snapshot.histograms
        .filter((h) => h.name === def.store)
        .map((h) => ({ startTime: ZERO_TIME, endTime: ZERO_TIME, attributes: { tenant: t.tenant, ...h.labels }, value: { buckets: { boundaries, counts: h.counts }, sum: h.sum * scale, count: h.count } })),
    );
    return { ...base, dataPointType: DataPointType.HISTOGRAM, dataPoints } as MetricData;
  }
  if (def.kind === "counter") {
    const dataPoints = tenants.flatMap((t) => t.snapshot.counters.filter((c) => c.name === def.store).map((c) => ({ startTime: ZERO_TIME, endTime: ZERO_TIME, attributes: { tenant: t.tenant, ...c.labels }, value: c.value })));
    return { ...base, dataPointType: DataPointType.SUM, isMonotonic: true, dataPoints } as MetricData;
  }
  const dataPoints = tenants.flatMap((t) => (t.gauges[def.store] ?? []).map((g) => ({ startTime: ZERO_TIME, endTime: ZERO_TIME, attributes: { tenant: t.tenant, ...g.labels }, value: g.value })));
  return { ...base, dataPointType: DataPointType.GAUGE, dataPoints } as MetricData;
}
