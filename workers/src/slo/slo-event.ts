/**
 * The `slo.breached` outbound webhook event: one per breach episode of a burn-rate alert. Its key names the
 * episode, so handing it to the outbox again (a retried announcement) delivers it once per subscription.
 */
import { BURN_RATE_ALERTS, objectiveTargets, type SloAlertName, type SloObjective } from "@nethical/core/slo/burn-rate.ts";
import { SLO_PROFILES, type SloProfileName } from "@nethical/core/slo/profiles.ts";
import type { OutboundEvent } from "@nethical/durable-objects/webhook-outbox/types";
import { webhookBody } from "../webhooks/events.ts";

/** What the event tells about an episode (the MetricsStore's SloEpisode). */
export interface BreachEpisode {
  id: number;
  alert: SloAlertName;
  started_at: number;
  profile: SloProfileName;
  objectives: { objective: SloObjective; long: number; short: number }[];
}

/**
 * The `slo.breached` event of `episode`.
 *
 * @example
 * sloBreachedEvent("acme", { id: 3, alert: "fast_burn", started_at: Date.now(), profile: "cloud", objectives: [{ objective: "availability", long: 250, short: 250 }] }, Date.now());
 */
export function sloBreachedEvent(tenant: string, episode: BreachEpisode, now: number): OutboundEvent {
  const rule = BURN_RATE_ALERTS.find((r) => r.alert === episode.alert);
  const targets = objectiveTargets(SLO_PROFILES[episode.profile]);
  const data = {
    alert: episode.alert,
    episode_id: episode.id,
    started_at: new Date(episode.started_at).toISOString(),
    profile: episode.profile,
    windows: rule === undefined ? null : { long: rule.long, short: rule.short },
    burn_rate_threshold: rule?.burnRate ?? null,
    objectives: episode.objectives.map((o) => ({ objective: o.objective, target: targets[o.objective].target, threshold_ms: targets[o.objective].threshold_ms, burn_rate_long: round(o.long), burn_rate_short: round(o.short) })),
  };
  return { type: "slo.breached", key: `slo.breached:${episode.alert}:${episode.id}:${episode.started_at}`, body: webhookBody("slo.breached", tenant, data, now) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
