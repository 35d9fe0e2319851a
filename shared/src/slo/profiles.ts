/**
 * SLO latency profiles: what a tenant is promised, as configuration. A tenant runs one profile (a tenant
 * setting, default {@link DEFAULT_SLO_PROFILE}); it sets the latency objectives its rolling-window SLO
 * evaluation checks (burn-rate.ts) and the Worker's per-dependency deadlines (the latency breaker: every
 * dependency call of a decision gets at most the profile's p99 target, all of them together too).
 *
 * Objectives: `p50` means "at least 50% of deciding requests are answered within latency_ms.p50", and so on;
 * `availability` means "at least that share of deciding requests is answered by the evaluated path, not by the
 * fail-safe". The thresholds are bounds of the shared latency histogram (metrics-store/buckets.ts), so the
 * share under a threshold is counted exactly, never interpolated.
 */

/** The profile names, in the order the API documents them. */
export const SLO_PROFILE_NAMES = ["edge", "cloud", "safety-critical"] as const;
export type SloProfileName = (typeof SLO_PROFILE_NAMES)[number];

/** One latency profile. */
export interface SloProfile {
  name: SloProfileName;
  /** Latency targets in ms of a whole deciding request, at the 50th, 95th and 99th percentile. */
  latency_ms: { p50: number; p95: number; p99: number };
  /** Share of deciding requests that must be answered without the fail-safe (e.g. 0.999). */
  availability: number;
  /** One line for operators. */
  description: string;
}

/**
 * The three profiles. The issue gives no availability for `edge`; it uses cloud's 99.9% (an edge tenant's
 * agents decide on the device runtime first, the cloud is their second line).
 */
export const SLO_PROFILES: Readonly<Record<SloProfileName, SloProfile>> = {
  edge: { name: "edge", latency_ms: { p50: 5, p95: 10, p99: 25 }, availability: 0.999, description: "Agents next to the PoP (or on-device first): every dependency must answer from the same location." },
  cloud: { name: "cloud", latency_ms: { p50: 50, p95: 100, p99: 250 }, availability: 0.999, description: "Agents calling over the internet; the default." },
  "safety-critical": { name: "safety-critical", latency_ms: { p50: 10, p95: 25, p99: 50 }, availability: 0.99999, description: "Actuators and controllers that must get an answer fast and nearly always from the evaluated path." },
};

/**
 * The profile a tenant runs until an operator chooses another. `cloud`, because its deadlines (250 ms per
 * decision for all dependency calls together) hold for a Durable Object in another region and a cold KV read,
 * so a tenant that never chose is not answered by the fail-safe for ordinary network distance; the tighter
 * profiles only fit tenants whose agents and objects are near each other, which an operator knows and the
 * platform does not.
 */
export const DEFAULT_SLO_PROFILE: SloProfileName = "cloud";

/**
 * Whether `value` names a profile.
 *
 * @example
 * isSloProfileName("edge"); // true
 * isSloProfileName("fast"); // false
 */
export function isSloProfileName(value: unknown): value is SloProfileName {
  return typeof value === "string" && (SLO_PROFILE_NAMES as readonly string[]).includes(value);
}

/**
 * The decision budget of a profile: the time all dependency calls of one decision may take together (ms),
 * which is also each call's own deadline. It is the p99 target: an answer whose dependencies are slow comes
 * after at most this much waiting plus the Worker's own work (authentication from its cache, parsing, the
 * fail-safe evaluation: a few ms), so it is at worst a p99-latency answer, never a timeout.
 *
 * @example
 * decisionBudgetMs(SLO_PROFILES.cloud); // 250
 */
export function decisionBudgetMs(profile: SloProfile): number {
  return profile.latency_ms.p99;
}
