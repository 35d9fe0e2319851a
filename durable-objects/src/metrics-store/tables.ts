/**
 * The MetricsStore's SQLite tables: cumulative counters and histograms per (name, labels), and per-minute
 * sums of the windowed histograms (for rolling SLO windows), kept WINDOW_RETENTION_MS.
 */
import { LATENCY_BUCKET_COUNT } from "./buckets.ts";
import type { CounterPoint, HistogramPoint, Labels, LatencyWindow, MetricsDelta, MetricsSnapshot } from "./types.ts";

/** How long per-minute rows are kept (35 days: a 28-day SLO window and a margin). */
export const WINDOW_RETENTION_MS = 35 * 86_400_000;

const MINUTE_MS = 60_000;

/**
 * Create the tables if missing.
 *
 * @example
 * ensureMetricsTables(ctx.storage.sql);
 */
export function ensureMetricsTables(sql: SqlStorage): void {
  sql.exec("CREATE TABLE IF NOT EXISTS counters (name TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (name, labels))");
  sql.exec("CREATE TABLE IF NOT EXISTS histograms (name TEXT NOT NULL, labels TEXT NOT NULL, counts TEXT NOT NULL, sum REAL NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (name, labels))");
  sql.exec("CREATE TABLE IF NOT EXISTS applied (id TEXT PRIMARY KEY, at INTEGER NOT NULL)");
  sql.exec("CREATE TABLE IF NOT EXISTS minutes (name TEXT NOT NULL, minute INTEGER NOT NULL, counts TEXT NOT NULL, sum REAL NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (name, minute))");
}

/**
 * The canonical text of a label set (keys sorted), used as part of the series key.
 *
 * @example
 * labelKey({ b: "2", a: "1" }); // '{"a":"1","b":"2"}'
 */
export function labelKey(labels: Labels): string {
  return JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function addCounts(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: LATENCY_BUCKET_COUNT }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/**
 * Add a delta: counters and histograms cumulatively, windowed histograms also to their minute row. A delta
 * whose id was applied before is skipped (false). Call inside one transaction so it lands whole or not at all.
 *
 * @example
 * ctx.storage.transactionSync(() => applyDelta(sql, delta, Date.now()));
 */
export function applyDelta(sql: SqlStorage, delta: MetricsDelta, now: number): boolean {
  if (delta.id !== undefined) {
    if (sql.exec("SELECT 1 FROM applied WHERE id = ?", delta.id).toArray().length > 0) return false;
    sql.exec("INSERT INTO applied (id, at) VALUES (?, ?)", delta.id, now);
  }
  for (const c of delta.counters) {
    sql.exec("INSERT INTO counters (name, labels, value) VALUES (?, ?, ?) ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value", c.name, labelKey(c.labels), c.value);
  }
  const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const windowed = new Map<string, HistogramPoint>();
  for (const h of delta.histograms) {
    addHistogramRow(sql, "histograms", "labels", labelKey(h.labels), h);
    if (h.windowed === true) {
      const sum = windowed.get(h.name);
      windowed.set(h.name, sum === undefined ? h : { ...h, counts: addCounts(sum.counts, h.counts), sum: sum.sum + h.sum, count: sum.count + h.count });
    }
  }
  for (const h of windowed.values()) addHistogramRow(sql, "minutes", "minute", minute, h);
  return true;
}

function addHistogramRow(sql: SqlStorage, table: "histograms" | "minutes", keyColumn: "labels" | "minute", key: string | number, h: HistogramPoint): void {
  const row = sql.exec<{ counts: string; sum: number; count: number }>(`SELECT counts, sum, count FROM ${table} WHERE name = ? AND ${keyColumn} = ?`, h.name, key).toArray()[0];
  const counts = row === undefined ? addCounts([], h.counts) : addCounts(JSON.parse(row.counts) as number[], h.counts);
  // UPDATE, not INSERT OR REPLACE: a replace is billed as two rows written (delete + insert).
  if (row === undefined) sql.exec(`INSERT INTO ${table} (name, ${keyColumn}, counts, sum, count) VALUES (?, ?, ?, ?, ?)`, h.name, key, JSON.stringify(counts), h.sum, h.count);
  else sql.exec(`UPDATE ${table} SET counts = ?, sum = ?, count = ? WHERE name = ? AND ${keyColumn} = ?`, JSON.stringify(counts), row.sum + h.sum, row.count + h.count, h.name, key);
}

/**
 * Every cumulative series.
 *
 * @example
 * readSnapshot(sql).counters; // [{ name: "decisions", labels: { decision: "BLOCK", … }, value: 3 }]
 */
export function readSnapshot(sql: SqlStorage): MetricsSnapshot {
  const counters: CounterPoint[] = sql
    .exec<{ name: string; labels: string; value: number }>("SELECT name, labels, value FROM counters ORDER BY name, labels")
    .toArray()
    .map((r) => ({ name: r.name, labels: JSON.parse(r.labels) as Labels, value: r.value }));
  const histograms: HistogramPoint[] = sql
    .exec<{ name: string; labels: string; counts: string; sum: number; count: number }>("SELECT name, labels, counts, sum, count FROM histograms ORDER BY name, labels")
    .toArray()
    .map((r) => ({ name: r.name, labels: JSON.parse(r.labels) as Labels, counts: JSON.parse(r.counts) as number[], sum: r.sum, count: r.count }));
  return { counters, histograms };
}

/**
 * A windowed histogram summed over the whole minutes that start in [from, to).
 *
 * @example
 * readWindow(sql, "request_duration", Date.now() - 3_600_000, Date.now()).count;
 */
export function readWindow(sql: SqlStorage, name: string, from: number, to: number): LatencyWindow {
  const start = Math.floor(from / MINUTE_MS) * MINUTE_MS;
  const rows = sql.exec<{ counts: string; sum: number; count: number }>("SELECT counts, sum, count FROM minutes WHERE name = ? AND minute >= ? AND minute < ?", name, start, to).toArray();
  let counts: number[] = addCounts([], []);
  let sum = 0;
  let count = 0;
  for (const r of rows) {
    counts = addCounts(counts, JSON.parse(r.counts) as number[]);
    sum += r.sum;
    count += r.count;
  }
  return { counts, sum, count, from: start, to };
}

/**
 * Forget minute rows older than WINDOW_RETENTION_MS and flush ids older than APPLIED_RETENTION_MS.
 *
 * @example
 * pruneMinutes(sql, Date.now());
 */
export function pruneMinutes(sql: SqlStorage, now: number): void {
  sql.exec("DELETE FROM minutes WHERE minute < ?", now - WINDOW_RETENTION_MS);
  sql.exec("DELETE FROM applied WHERE at < ?", now - APPLIED_RETENTION_MS);
}

/** How long flush ids are remembered (a retry comes within seconds). */
export const APPLIED_RETENTION_MS = 86_400_000;
