/**
 * The SLO gauges of `GET /v2/metrics` (read at scrape; a scrape also evaluates the SLO, so breach episodes
 * are opened, ended and announced even while no request is decided):
 * `nethical_slo_burn_rate{objective,window}` and `nethical_slo_breached{alert}`.
 */
import { BURN_RATE_ALERTS, SLO_OBJECTIVES, SLO_WINDOW_NAMES } from "@nethical/core/slo/burn-rate.ts";
import { evaluateTenantSlo, type SloStatus } from "./evaluate-tenant-slo.ts";

/** One gauge sample. */
export interface GaugeSample {
  labels: Record<string, string>;
  value: number;
}

/**
 * The two gauges from one evaluation: burn rate per objective and window (windows without requests are left
 * out), and 1/0 per alert for an open breach episode.
 *
 * @example
 * sloGaugesOf(status).slo_breached; // [{ labels: { alert: "fast_burn" }, value: 1 }, { labels: { alert: "slow_burn" }, value: 0 }]
 */
export function sloGaugesOf(status: SloStatus): { slo_burn_rate: GaugeSample[]; slo_breached: GaugeSample[] } {
  const slo_burn_rate: GaugeSample[] = [];
  for (const window of SLO_WINDOW_NAMES) {
    for (const objective of SLO_OBJECTIVES) {
      const value = status.evaluation.burn_rates[window][objective];
      if (value !== null) slo_burn_rate.push({ labels: { objective, window }, value });
    }
  }
  const slo_breached = BURN_RATE_ALERTS.map(({ alert }) => ({ labels: { alert }, value: status.open.some((e) => e.alert === alert) ? 1 : 0 }));
  return { slo_burn_rate, slo_breached };
}

/**
 * Evaluate `tenant`'s SLO now and give its gauges.
 *
 * @example
 * const { slo_burn_rate, slo_breached } = await sloGauges(env, "acme", Date.now());
 */
export async function sloGauges(env: Env, tenant: string, now: number): Promise<{ slo_burn_rate: GaugeSample[]; slo_breached: GaugeSample[] }> {
  return sloGaugesOf(await evaluateTenantSlo(env, tenant, now));
}
