/**
 * What the Worker sends to a tenant's MetricsStore (deltas) and what it reads back (cumulative series).
 * Labels never include `tenant`: the object is the tenant's; the exposition adds the label.
 */

/** Label names to values of one series (small, bounded sets: outcome, law, action type, reason, level). */
export type Labels = Readonly<Record<string, string>>;

/** A counter increment (or, read back, a counter's cumulative value). */
export interface CounterPoint {
  name: string;
  labels: Labels;
  value: number;
}

/** Histogram observations: per-bucket (non-cumulative) counts over LATENCY_BUCKETS_MS and +Inf, sum in ms. */
export interface HistogramPoint {
  name: string;
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
  /** Also keep per-minute sums of this histogram (all label sets together) for rolling windows. */
  windowed?: boolean;
}

/** Increments since the last flush of one isolate, for one tenant. */
export interface MetricsDelta {
  /** Unique per flush: a retried send whose first try was stored is not added twice. */
  id?: string;
  counters: CounterPoint[];
  histograms: HistogramPoint[];
}

/** Cumulative values since the tenant's first recorded metric. */
export interface MetricsSnapshot {
  counters: CounterPoint[];
  histograms: HistogramPoint[];
}

/** One histogram summed over whole minutes of a time window (for rolling SLO evaluation). */
export interface LatencyWindow {
  /** Per-bucket (non-cumulative) counts over LATENCY_BUCKETS_MS and +Inf. */
  counts: number[];
  sum: number;
  count: number;
  /** The window actually covered: [from_minute, to_minute) as ms since the epoch, whole minutes. */
  from: number;
  to: number;
}
