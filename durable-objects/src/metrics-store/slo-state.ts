/**
 * A tenant's SLO state, kept in its MetricsStore (next to the latency windows it is computed from): the
 * chosen latency profile (a tenant setting; default cloud) and the breach episodes of the burn-rate alerts.
 *
 * An episode of an alert starts at the first evaluation that finds it firing and ends once it has not fired
 * for its short window (5 min for fast_burn, 30 min for slow_burn), so a flapping alert stays one episode.
 * Each episode is announced once (`slo.breached`): it stays "pending" until the Worker reports it handed to the
 * tenant's WebhookOutbox (whose event key, per episode, makes a repeated hand-over deliver once).
 */
import { BURN_RATE_ALERTS, evaluateSlo, SLO_WINDOW_NAMES, SLO_WINDOWS_MS, type SloAlertName, type SloEvaluation, type SloObjective, type SloWindowName, type WindowCounts } from "@nethical/core/slo/burn-rate.ts";
import { DEFAULT_SLO_PROFILE, isSloProfileName, SLO_PROFILES, type SloProfileName } from "@nethical/core/slo/profiles.ts";
import { LATENCY_BUCKETS_MS } from "./buckets.ts";
import { readWindow } from "./tables.ts";

/** The windowed histograms SLO evaluation reads: all deciding requests, and those the fail-safe answered. */
export const SLO_REQUEST_HISTOGRAM = "request_duration";
export const SLO_DEGRADED_HISTOGRAM = "degraded_request_duration";

/** The tenant's profile setting. */
export interface SloSetting {
  profile: SloProfileName;
  /** When an operator last chose it (null: never, the default applies). */
  updated_at: number | null;
  /** Key id of who chose it. */
  updated_by: string | null;
}

/** One breach episode of an alert. */
export interface SloEpisode {
  id: number;
  alert: SloAlertName;
  started_at: number;
  last_firing_at: number;
  ended_at: number | null;
  /** The objectives that fired when it started, and their burn rates over the alert's long and short windows then. */
  objectives: { objective: SloObjective; long: number; short: number }[];
  profile: SloProfileName;
  notified: boolean;
}

/** What one evaluation found. */
export interface SloStatus {
  setting: SloSetting;
  evaluated_at: number;
  evaluation: SloEvaluation;
  /** Requests per window (how much the figures rest on). */
  requests: Record<SloWindowName, number>;
  /** Episodes open now. */
  open: SloEpisode[];
  /** Episodes not yet handed to the outbox (announce them, then call markSloNotified). */
  pending: SloEpisode[];
}

/**
 * Create the tables if missing.
 *
 * @example
 * ensureSloTables(ctx.storage.sql);
 */
export function ensureSloTables(sql: SqlStorage): void {
  sql.exec("CREATE TABLE IF NOT EXISTS slo_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL, updated_by TEXT)");
  sql.exec(
    "CREATE TABLE IF NOT EXISTS slo_episodes (id INTEGER PRIMARY KEY AUTOINCREMENT, alert TEXT NOT NULL, started_at INTEGER NOT NULL, last_firing_at INTEGER NOT NULL, ended_at INTEGER, objectives TEXT NOT NULL, profile TEXT NOT NULL, notified INTEGER NOT NULL DEFAULT 0)",
  );
}

/**
 * The tenant's profile setting (the default when none was chosen).
 *
 * @example
 * readSloSetting(sql).profile; // "cloud"
 */
export function readSloSetting(sql: SqlStorage): SloSetting {
  const row = sql.exec<{ value: string; updated_at: number; updated_by: string | null }>("SELECT value, updated_at, updated_by FROM slo_settings WHERE key = 'profile'").toArray()[0];
  if (row === undefined || !isSloProfileName(row.value)) return { profile: DEFAULT_SLO_PROFILE, updated_at: null, updated_by: null };
  return { profile: row.value, updated_at: row.updated_at, updated_by: row.updated_by };
}

/**
 * Choose the tenant's profile; returns the setting before and after.
 *
 * @example
 * writeSloSetting(sql, "edge", "k_123", Date.now());
 */
export function writeSloSetting(sql: SqlStorage, profile: SloProfileName, by: string, now: number): { before: SloSetting; after: SloSetting } {
  const before = readSloSetting(sql);
  sql.exec("INSERT OR REPLACE INTO slo_settings (key, value, updated_at, updated_by) VALUES ('profile', ?, ?, ?)", profile, now, by);
  return { before, after: readSloSetting(sql) };
}

/**
 * Evaluate the tenant's SLO over the rolling windows ending at `now` and advance the episodes: a firing alert
 * without an open episode opens one (pending announcement); an open episode whose alert has not fired for its
 * short window ends. Call inside one transaction.
 *
 * @example
 * const status = ctx.storage.transactionSync(() => stepSlo(sql, Date.now()));
 */
export function stepSlo(sql: SqlStorage, now: number): SloStatus {
  const setting = readSloSetting(sql);
  const profile = SLO_PROFILES[setting.profile];
  const windows = {} as Record<SloWindowName, WindowCounts>;
  const requests = {} as Record<SloWindowName, number>;
  for (const name of SLO_WINDOW_NAMES) {
    const all = readWindow(sql, SLO_REQUEST_HISTOGRAM, now - SLO_WINDOWS_MS[name], now + 1);
    const degraded = readWindow(sql, SLO_DEGRADED_HISTOGRAM, now - SLO_WINDOWS_MS[name], now + 1);
    windows[name] = { counts: all.counts, total: all.count, degraded: Math.min(degraded.count, all.count) };
    requests[name] = all.count;
  }
  const evaluation = evaluateSlo(profile, LATENCY_BUCKETS_MS, windows);
  for (const rule of BURN_RATE_ALERTS) {
    const result = evaluation.alerts.find((a) => a.alert === rule.alert);
    const open = openEpisode(sql, rule.alert);
    if (result?.firing === true) {
      if (open === undefined) {
        const objectives = result.objectives.map((objective) => ({ objective, long: evaluation.burn_rates[rule.long][objective] ?? 0, short: evaluation.burn_rates[rule.short][objective] ?? 0 }));
        sql.exec("INSERT INTO slo_episodes (alert, started_at, last_firing_at, objectives, profile) VALUES (?, ?, ?, ?, ?)", rule.alert, now, now, JSON.stringify(objectives), setting.profile);
      } else sql.exec("UPDATE slo_episodes SET last_firing_at = ? WHERE id = ?", now, open.id);
    } else if (open !== undefined && now - open.last_firing_at >= SLO_WINDOWS_MS[rule.short]) {
      sql.exec("UPDATE slo_episodes SET ended_at = ? WHERE id = ?", now, open.id);
    }
  }
  return { setting, evaluated_at: now, evaluation, requests, open: episodes(sql, "ended_at IS NULL"), pending: episodes(sql, "notified = 0") };
}

/**
 * Record that these episodes' `slo.breached` events were handed to the outbox.
 *
 * @example
 * markSloNotified(sql, status.pending.map((e) => e.id));
 */
export function markSloNotified(sql: SqlStorage, ids: readonly number[]): void {
  for (const id of ids) sql.exec("UPDATE slo_episodes SET notified = 1 WHERE id = ?", id);
}

/**
 * The most recent episodes, newest first.
 *
 * @example
 * recentEpisodes(sql, 20);
 */
export function recentEpisodes(sql: SqlStorage, limit: number): SloEpisode[] {
  return episodes(sql, "1 = 1", limit);
}

function openEpisode(sql: SqlStorage, alert: SloAlertName): SloEpisode | undefined {
  return episodes(sql, "ended_at IS NULL").find((e) => e.alert === alert);
}

type EpisodeRow = {
  id: number;
  alert: string;
  started_at: number;
  last_firing_at: number;
  ended_at: number | null;
  objectives: string;
  profile: string;
  notified: number;
};

function episodes(sql: SqlStorage, where: "ended_at IS NULL" | "notified = 0" | "1 = 1", limit = 100): SloEpisode[] {
  return sql
    .exec<EpisodeRow>(`SELECT id, alert, started_at, last_firing_at, ended_at, objectives, profile, notified FROM slo_episodes WHERE ${where} ORDER BY id DESC LIMIT ?`, limit)
    .toArray()
    .map((r) => ({
      id: r.id,
      alert: r.alert as SloAlertName,
      started_at: r.started_at,
      last_firing_at: r.last_firing_at,
      ended_at: r.ended_at,
      objectives: JSON.parse(r.objectives) as SloEpisode["objectives"],
      profile: isSloProfileName(r.profile) ? r.profile : DEFAULT_SLO_PROFILE,
      notified: r.notified === 1,
    }));
}
