/**
 * Per-isolate metrics buffer. Recording (countMetric, observeMetric) only adds to this isolate's memory;
 * `flushMetrics` — called in every request or queue batch that recorded — makes sure the increments reach
 * the tenants' MetricsStore objects: the first flush of an open batch schedules it to be sent
 * METRICS_FLUSH_MS later (at once when it holds METRICS_FLUSH_SIZE increments), and every request that added
 * to it `waitUntil`s that send, so the platform keeps each of them alive until its increments are stored.
 * One DO call per tenant per batch instead of one per request. A failed send is tried again
 * (METRICS_RETRY_MS); increments that still cannot be stored are logged with their number (never silent).
 */
import { bucketIndex, LATENCY_BUCKET_COUNT } from "@nethical/durable-objects/metrics-store/buckets";
import { metricsStoreFor } from "@nethical/durable-objects/residency/by-tenant";
import type { CounterPoint, HistogramPoint, Labels, MetricsDelta } from "@nethical/durable-objects/metrics-store/types";
import { definitionOf, type RecordedMetric } from "./definitions.ts";

/** How long an open batch collects increments after its first flush request. */
export const METRICS_FLUSH_MS = 50;
/** A batch with this many recorded increments is sent at once. */
export const METRICS_FLUSH_SIZE = 256;
/** Waits before each further try of a failed send (within the requests' waitUntil). */
export const METRICS_RETRY_MS = [200, 1_000, 3_000] as const;

interface TenantDelta {
  counters: Map<string, CounterPoint>;
  histograms: Map<string, HistogramPoint>;
}

interface Batch {
  tenants: Map<string, TenantDelta>;
  size: number;
  /** Set when the batch is scheduled, by the request that schedules (and so sends) it. */
  sending: { done: Promise<void>; resolve: () => void } | null;
}

let open: Batch | null = null;
const inFlight = new Set<Promise<void>>();
let sends = 0;

/**
 * How many MetricsStore calls this isolate has made (one per tenant per batch): what batching saves.
 *
 * @example
 * const before = metricsSendCount(); // … decisions … metricsSendCount() - before
 */
export function metricsSendCount(): number {
  return sends;
}

function seriesKey(name: string, labels: Labels): string {
  return `${name}\u0000${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}

function tenantDelta(tenant: string): TenantDelta {
  if (open === null) open = { tenants: new Map(), size: 0, sending: null };
  open.size++;
  let delta = open.tenants.get(tenant);
  if (delta === undefined) open.tenants.set(tenant, (delta = { counters: new Map(), histograms: new Map() }));
  return delta;
}

/**
 * Add `n` to a counter of `tenant` (in this isolate, until the next flush).
 *
 * @example
 * countMetric("acme", "decisions", { decision: "BLOCK", action_type: "code" });
 */
export function countMetric(tenant: string, name: RecordedMetric, labels: Labels, n: number = 1): void {
  const counters = tenantDelta(tenant).counters;
  const key = seriesKey(name, labels);
  const point = counters.get(key);
  if (point === undefined) counters.set(key, { name, labels, value: n });
  else point.value += n;
}

/**
 * Observe a duration (ms) in a histogram of `tenant`.
 *
 * @example
 * observeMetric("acme", "request_duration", { route: "evaluate" }, 4.2);
 */
export function observeMetric(tenant: string, name: RecordedMetric, labels: Labels, ms: number): void {
  const histograms = tenantDelta(tenant).histograms;
  const key = seriesKey(name, labels);
  let point = histograms.get(key);
  if (point === undefined) {
    point = { name, labels, counts: new Array<number>(LATENCY_BUCKET_COUNT).fill(0), sum: 0, count: 0, ...(definitionOf(name)?.windowed === true ? { windowed: true } : {}) };
    histograms.set(key, point);
  }
  const i = bucketIndex(ms);
  point.counts[i] = (point.counts[i] ?? 0) + 1;
  point.sum += ms;
  point.count++;
}

/**
 * Make sure what this isolate recorded reaches the MetricsStore objects, and keep the caller's request
 * alive until it has (`waitUntil`). Cheap when nothing was recorded.
 *
 * @example
 * flushMetrics(c.env, (p) => c.executionCtx.waitUntil(p));
 */
export function flushMetrics(env: Env, waitUntil: (work: Promise<unknown>) => void): void {
  const batch = open;
  if (batch === null) return;
  if (batch.sending !== null) {
    waitUntil(batch.sending.done);
    if (batch.size >= METRICS_FLUSH_SIZE) open = null; // full: later increments start a new batch; its timer sends this one
    return;
  }
  // The promise is made here, in the request that will also resolve it (its timer sends the batch): never
  // a promise of a request that has ended.
  waitUntil(schedule(batch).done);
  setTimeout(() => void send(env, batch), batch.size >= METRICS_FLUSH_SIZE ? 0 : METRICS_FLUSH_MS);
}

function schedule(batch: Batch): { done: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolve = r));
  batch.sending = { done, resolve };
  inFlight.add(done);
  return batch.sending;
}

/**
 * Send this isolate's open batch now and wait for every batch in flight (GET /v2/metrics reads what this
 * isolate recorded; other isolates' batches land within METRICS_FLUSH_MS).
 *
 * @example
 * await settleMetrics(env);
 */
export async function settleMetrics(env: Env): Promise<void> {
  const batch = open;
  if (batch !== null && batch.sending === null) {
    schedule(batch);
    void send(env, batch);
  }
  await Promise.all([...inFlight]);
}

async function send(env: Env, batch: Batch): Promise<void> {
  if (open === batch) open = null;
  const now = Date.now();
  await Promise.all(
    [...batch.tenants].map(async ([tenant, d]) => {
      const delta: MetricsDelta = { id: crypto.randomUUID(), counters: [...d.counters.values()], histograms: [...d.histograms.values()] };
      for (let attempt = 0; ; attempt++) {
        try {
          sends++;
          await metricsStoreFor(env, tenant).add(tenant, delta, now);
          return;
        } catch (error) {
          const wait = METRICS_RETRY_MS[attempt];
          if (wait === undefined) {
            const increments = delta.counters.reduce((n, c) => n + c.value, 0) + delta.histograms.reduce((n, h) => n + h.count, 0);
            console.error(JSON.stringify({ level: "error", msg: "metrics not stored", tenant, increments, error: (error as Error)?.name ?? "Error" }));
            return;
          }
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    }),
  );
  if (batch.sending !== null) {
    inFlight.delete(batch.sending.done);
    batch.sending.resolve();
  }
}

/**
 * Await `work` and observe how long it took (ms, settled or failed) in `tenant`'s histogram `name`.
 *
 * @example
 * const decided = await timed("acme", "agent_state_duration", stub.decideAll(tenant, mine, ref, now));
 */
export async function timed<T>(tenant: string, name: RecordedMetric, work: Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work;
  } finally {
    observeMetric(tenant, name, {}, Date.now() - started);
  }
}
