/**
 * Rolling-window SLO evaluation with multi-window burn-rate alerts (Google SRE workbook, "Alerting on
 * SLOs", recommendation 5 for a 30-day SLO). Pure: the caller supplies each window's request histogram.
 *
 * - Objectives of a profile (profiles.ts): `p50`/`p95`/`p99` — the share of deciding requests answered within
 *   the threshold must be at least 50/95/99%; `availability` — the share answered by the evaluated path (not the
 *   fail-safe) must be at least the profile's availability.
 * - Error budget of an objective: 1 − target. Burn rate over a window: (bad share in the window) / budget;
 *   1 spends the budget exactly over the 30-day period.
 * - An alert fires when some objective burns faster than its threshold over BOTH its long and its short window
 *   (the long one shows the budget is really being spent, the short one that it still is — so the alert stops
 *   soon after a fix): `fast_burn` 1 h and 5 min over 14.4 (2% of the month's budget in an hour), `slow_burn`
 *   6 h and 30 min over 6 (5% in six hours).
 * - An objective whose target leaves a budget of b cannot burn faster than 1/b: p50's burn rate is at most 2,
 *   so p50 never fires an alert (it is exported as a gauge for dashboards); p95's at most 20 (fast_burn only
 *   when more than 72% of answers miss p95).
 * - Too little traffic proves nothing: an alert needs at least {@link MIN_ALERT_REQUESTS} requests in its long window.
 */
import type { SloProfile } from "./profiles.ts";

/** The rolling windows, in ms. */
export const SLO_WINDOWS_MS = { "5m": 300_000, "30m": 1_800_000, "1h": 3_600_000, "6h": 21_600_000 } as const;
export type SloWindowName = keyof typeof SLO_WINDOWS_MS;
export const SLO_WINDOW_NAMES = Object.keys(SLO_WINDOWS_MS) as SloWindowName[];

/** The objectives of every profile. */
export const SLO_OBJECTIVES = ["p50", "p95", "p99", "availability"] as const;
export type SloObjective = (typeof SLO_OBJECTIVES)[number];

/** One multi-window burn-rate alert. */
export interface BurnRateAlert {
  alert: "fast_burn" | "slow_burn";
  long: SloWindowName;
  short: SloWindowName;
  /** Fires above this burn rate in both windows. */
  burnRate: number;
}

export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
  { alert: "fast_burn", long: "1h", short: "5m", burnRate: 14.4 },
  { alert: "slow_burn", long: "6h", short: "30m", burnRate: 6 },
];
export type SloAlertName = BurnRateAlert["alert"];

/** Requests an alert's long window must hold before it may fire. */
export const MIN_ALERT_REQUESTS = 10;

/** A window's deciding requests: latency histogram and how many were answered (at least partly) by the fail-safe. */
export interface WindowCounts {
  /** Non-cumulative counts per bucket of `bounds`, then one for +Inf. */
  counts: readonly number[];
  /** Requests in the window (the histogram's count). */
  total: number;
  /** Of those, answered by the fail-safe. */
  degraded: number;
}

/** The evaluation of every objective over every window, and the alerts. */
export interface SloEvaluation {
  /** Burn rate per window and objective; null when the window holds no request. */
  burn_rates: Record<SloWindowName, Record<SloObjective, number | null>>;
  alerts: { alert: SloAlertName; firing: boolean; objectives: SloObjective[] }[];
}

/**
 * Target share and (for latency) threshold of each objective of `profile`.
 *
 * @example
 * objectiveTargets(SLO_PROFILES.cloud).p99; // { target: 0.99, threshold_ms: 250 }
 */
export function objectiveTargets(profile: SloProfile): Record<SloObjective, { target: number; threshold_ms: number | null }> {
  return {
    p50: { target: 0.5, threshold_ms: profile.latency_ms.p50 },
    p95: { target: 0.95, threshold_ms: profile.latency_ms.p95 },
    p99: { target: 0.99, threshold_ms: profile.latency_ms.p99 },
    availability: { target: profile.availability, threshold_ms: null },
  };
}

/**
 * Burn rate of each objective over one window (null without requests). A latency threshold must be one of
 * `bounds` (the histogram's finite bucket bounds, ms), so "within the threshold" is counted exactly.
 *
 * @example
 * burnRates(SLO_PROFILES.cloud, [50, 250], { counts: [90, 9, 1], total: 100, degraded: 0 }).p99; // 1 (1% over 250 ms)
 */
export function burnRates(profile: SloProfile, bounds: readonly number[], window: WindowCounts): Record<SloObjective, number | null> {
  const targets = objectiveTargets(profile);
  const out = {} as Record<SloObjective, number | null>;
  for (const objective of SLO_OBJECTIVES) {
    const { target, threshold_ms } = targets[objective];
    if (window.total <= 0) {
      out[objective] = null;
      continue;
    }
    const bad = threshold_ms === null ? window.degraded : window.total - withinBound(bounds, window.counts, threshold_ms);
    out[objective] = bad / window.total / (1 - target);
  }
  return out;
}

function withinBound(bounds: readonly number[], counts: readonly number[], threshold: number): number {
  const last = bounds.indexOf(threshold);
  if (last === -1) throw new RangeError(`latency threshold ${threshold} ms is not a histogram bound`);
  let within = 0;
  for (let i = 0; i <= last; i++) within += counts[i] ?? 0;
  return within;
}

/**
 * Evaluate `profile`'s objectives over every window and decide which alerts fire.
 *
 * @example
 * const e = evaluateSlo(SLO_PROFILES.cloud, LATENCY_BUCKETS_MS, windows);
 * e.alerts.find((a) => a.alert === "fast_burn")?.firing;
 */
export function evaluateSlo(profile: SloProfile, bounds: readonly number[], windows: Record<SloWindowName, WindowCounts>): SloEvaluation {
  const burn_rates = Object.fromEntries(SLO_WINDOW_NAMES.map((w) => [w, burnRates(profile, bounds, windows[w])])) as SloEvaluation["burn_rates"];
  const alerts = BURN_RATE_ALERTS.map(({ alert, long, short, burnRate }) => {
    const enough = windows[long].total >= MIN_ALERT_REQUESTS;
    const objectives = SLO_OBJECTIVES.filter((o) => enough && (burn_rates[long][o] ?? 0) > burnRate && (burn_rates[short][o] ?? 0) > burnRate);
    return { alert, firing: objectives.length > 0, objectives };
  });
  return { burn_rates, alerts };
}
