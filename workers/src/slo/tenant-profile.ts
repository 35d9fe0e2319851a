/**
 * The tenant's SLO profile as the decision path sees it, without waiting for it: each isolate keeps what it
 * last read from the tenant's MetricsStore (the setting's home, durable-objects/src/metrics-store/slo-state.ts)
 * and re-reads it in the background at most every {@link PROFILE_FRESH_MS}. Until the first read lands (a
 * fresh isolate's first request for a tenant) and while the store cannot be read, the last known profile or
 * the default (cloud) applies. The profile only sets deadlines and SLO targets — never what is decided — so a
 * request decided under the default for a moment is still decided safely (README "SLOs and the latency breaker").
 */
import { DEFAULT_SLO_PROFILE, SLO_PROFILES, type SloProfile, type SloProfileName } from "@nethical/core/slo/profiles.ts";
import { withTimeout } from "../decide/with-timeout.ts";
import { sloStore } from "./slo-store.ts";

/** How long an isolate uses the profile it read before reading it again (in the background). */
export const PROFILE_FRESH_MS = 30_000;
/** Deadline of one background read. */
const READ_TIMEOUT_MS = 2_000;
/** Tenants remembered at most per isolate. */
const MAX_TENANTS = 10_000;

const known = new Map<string, { profile: SloProfileName; checkedAt: number }>();
const reading = new Map<string, Promise<void>>();

/**
 * The profile `tenant` runs as far as this isolate knows; starts a background re-read (through `waitUntil`)
 * when what it knows is missing or older than PROFILE_FRESH_MS.
 *
 * @example
 * const profile = tenantProfile(env, "acme", Date.now(), (p) => ctx.waitUntil(p));
 * profile.latency_ms.p99; // 250 (cloud)
 */
export function tenantProfile(env: Env, tenant: string, now: number, waitUntil: (work: Promise<unknown>) => void): SloProfile {
  const hit = known.get(tenant);
  if ((hit === undefined || now - hit.checkedAt >= PROFILE_FRESH_MS) && !reading.has(tenant)) {
    const read = withTimeout(sloStore(env, tenant).sloSetting(tenant), READ_TIMEOUT_MS, "MetricsStore")
      .then((setting) => rememberTenantProfile(tenant, setting.profile, Date.now()))
      .catch((error: unknown) => console.warn(JSON.stringify({ level: "warn", msg: "slo profile not read; using the last known or the default", tenant, error: (error as Error)?.name ?? "Error" })))
      .finally(() => reading.delete(tenant));
    reading.set(tenant, read);
    waitUntil(read);
  }
  return SLO_PROFILES[hit?.profile ?? DEFAULT_SLO_PROFILE];
}

/**
 * Put a profile this isolate read or just set in its cache.
 *
 * @example
 * rememberTenantProfile("acme", "edge", Date.now());
 */
export function rememberTenantProfile(tenant: string, profile: SloProfileName, now: number): void {
  known.delete(tenant);
  if (known.size >= MAX_TENANTS) known.delete(known.keys().next().value as string);
  known.set(tenant, { profile, checkedAt: now });
}

/**
 * Forget every tenant's profile (tests: what a fresh isolate knows).
 *
 * @example
 * forgetTenantProfiles();
 */
export function forgetTenantProfiles(): void {
  known.clear();
}
