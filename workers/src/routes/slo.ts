/**
 * The tenant's SLO (README "SLOs and the latency breaker"):
 * `GET /v2/slo` (operator, auditor, admin) — the profile, the decision budget, burn rates of every objective
 * over the rolling windows, the burn-rate alerts and open breach episodes (evaluated now; a new episode's
 * `slo.breached` event is handed to the outbox), and the latency breakers of the isolate that answered;
 * `PUT /v2/slo/profile` (operator, admin) — choose the profile (edge, cloud, safety-critical). The change is an
 * admin event in the audit trail (`slo.set_profile`) and reaches every isolate within 30 s.
 */
import { Hono } from "hono";
import { z } from "zod";
import { BURN_RATE_ALERTS, objectiveTargets, SLO_OBJECTIVES, SLO_WINDOW_NAMES } from "@nethical/core/slo/burn-rate.ts";
import { decisionBudgetMs, SLO_PROFILE_NAMES, SLO_PROFILES } from "@nethical/core/slo/profiles.ts";
import { BODY_LIMITS, parseOrProblem, readJsonBody } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";
import { tenantFor } from "../auth/authorize.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { json, named } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { breakerStates } from "../slo/breakers.ts";
import { evaluateTenantSlo, type SloStatus } from "../slo/evaluate-tenant-slo.ts";
import { sloStore } from "../slo/slo-store.ts";
import { rememberTenantProfile } from "../slo/tenant-profile.ts";

const UNREACHABLE = "the tenant's SLO state could not be reached; try again";

/** Body of `PUT /v2/slo/profile`. */
export const SloProfileInputSchema = z.object({ profile: z.enum(SLO_PROFILE_NAMES) }).strict();

const ProfileView = z
  .object({
    name: z.enum(SLO_PROFILE_NAMES),
    latency_ms: z.object({ p50: z.number(), p95: z.number(), p99: z.number() }).strict(),
    availability: z.number(),
    description: z.string(),
    decision_budget_ms: z.number().describe("All dependency calls of one decision together, and each one, wait at most this (the p99 target)"),
  })
  .strict();

const SettingView = named(
  "SloSetting",
  z.object({ profile: ProfileView, updated_at: z.string().nullable(), updated_by: z.string().nullable().describe("Key id of who chose it") }).strict(),
);

const Rates = z.object(Object.fromEntries(SLO_OBJECTIVES.map((o) => [o, z.number().nullable()])) as Record<(typeof SLO_OBJECTIVES)[number], z.ZodNullable<z.ZodNumber>>).strict();
const EpisodeView = z
  .object({
    id: z.number().int(),
    alert: z.enum(["fast_burn", "slow_burn"]),
    started_at: z.string(),
    last_firing_at: z.string(),
    ended_at: z.string().nullable(),
    profile: z.enum(SLO_PROFILE_NAMES),
    objectives: z.array(z.object({ objective: z.enum(SLO_OBJECTIVES), long: z.number(), short: z.number() }).strict()),
    announced: z.boolean().describe("Its slo.breached event was handed to the outbound webhooks"),
  })
  .strict();

const StatusView = named(
  "SloStatus",
  z
    .object({
      setting: SettingView,
      evaluated_at: z.string(),
      period_days: z.literal(30),
      objectives: z.array(z.object({ objective: z.enum(SLO_OBJECTIVES), target: z.number(), threshold_ms: z.number().nullable() }).strict()),
      requests: z.object(Object.fromEntries(SLO_WINDOW_NAMES.map((w) => [w, z.number().int()])) as Record<(typeof SLO_WINDOW_NAMES)[number], z.ZodNumber>).strict(),
      burn_rates: z.object(Object.fromEntries(SLO_WINDOW_NAMES.map((w) => [w, Rates])) as Record<(typeof SLO_WINDOW_NAMES)[number], typeof Rates>).strict(),
      alerts: z.array(z.object({ alert: z.enum(["fast_burn", "slow_burn"]), long: z.string(), short: z.string(), burn_rate: z.number(), firing: z.boolean(), objectives: z.array(z.enum(SLO_OBJECTIVES)) }).strict()),
      open_episodes: z.array(EpisodeView),
      breakers: z
        .object({
          kv: z.enum(["closed", "open", "half_open"]),
          policy_store: z.enum(["closed", "open", "half_open"]),
          agent_state_not_closed: z.array(z.object({ agent_id: z.string(), state: z.enum(["closed", "open", "half_open"]) }).strict()).describe("Agents whose AgentState breaker is open or half-open (at most 50)"),
        })
        .strict()
        .describe("Latency breakers of the isolate that answered; each isolate has its own"),
    })
    .strict(),
);

/** The routes' descriptions in the API document. */
export const sloDocs = [
  describeRoute({
    method: "get",
    path: "/v2/slo",
    tag: "meta",
    summary: "The tenant's SLO: profile, burn rates, alerts, breach episodes",
    description:
      "Evaluates the tenant's SLO now over rolling windows (5m, 30m, 1h, 6h) of its deciding requests: per objective (p50/p95/p99 latency of the profile, availability = answered without the fail-safe) the error-budget burn rate over a 30-day period; the multi-window alerts (fast_burn: 1h and 5m over 14.4; slow_burn: 6h and 30m over 6) and the open breach episodes. A new episode's `slo.breached` webhook event is handed to the outbox (once per episode). `breakers` are the latency breakers of the isolate that answered.",
    roles: callersWith("slo:read"),
    responses: { 200: { description: "The status", ...json(StatusView) } },
  }),
  describeRoute({
    method: "put",
    path: "/v2/slo/profile",
    tag: "meta",
    summary: "Choose the tenant's SLO profile",
    description:
      "edge (p50/p95/p99 5/10/25 ms, 99.9%), cloud (50/100/250 ms, 99.9%; the default) or safety-critical (10/25/50 ms, 99.999%). The p99 target is the decision budget: every dependency call of a decision (KV, PolicyStore, AgentState) waits at most that long in total, then the fail-safe answers (never ALLOW). Every isolate uses the new profile within 30 s. Recorded in the audit trail as `slo.set_profile`.",
    roles: callersWith("slo:write"),
    request: { body: { required: true, ...json(SloProfileInputSchema, { profile: "safety-critical" }) } },
    responses: { 200: { description: "The setting", ...json(SettingView) } },
    errors: JSON_BODY_ERRORS,
  }),
];

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function settingView(setting: SloStatus["setting"]): z.infer<typeof SettingView> {
  const profile = SLO_PROFILES[setting.profile];
  return {
    profile: { name: profile.name, latency_ms: { ...profile.latency_ms }, availability: profile.availability, description: profile.description, decision_budget_ms: decisionBudgetMs(profile) },
    updated_at: iso(setting.updated_at),
    updated_by: setting.updated_by,
  };
}

function statusView(tenant: string, status: SloStatus): z.infer<typeof StatusView> {
  const targets = objectiveTargets(SLO_PROFILES[status.setting.profile]);
  return {
    setting: settingView(status.setting),
    evaluated_at: new Date(status.evaluated_at).toISOString(),
    period_days: 30,
    objectives: SLO_OBJECTIVES.map((objective) => ({ objective, ...targets[objective] })),
    requests: status.requests,
    burn_rates: status.evaluation.burn_rates,
    alerts: BURN_RATE_ALERTS.map((rule) => {
      const result = status.evaluation.alerts.find((a) => a.alert === rule.alert);
      return { alert: rule.alert, long: rule.long, short: rule.short, burn_rate: rule.burnRate, firing: result?.firing ?? false, objectives: result?.objectives ?? [] };
    }),
    open_episodes: status.open.map((e) => ({
      id: e.id,
      alert: e.alert,
      started_at: new Date(e.started_at).toISOString(),
      last_firing_at: new Date(e.last_firing_at).toISOString(),
      ended_at: iso(e.ended_at),
      profile: e.profile,
      objectives: e.objectives,
      announced: e.notified || !status.pending.some((p) => p.id === e.id),
    })),
    breakers: breakerStates(tenant),
  };
}

/**
 * The SLO routes.
 *
 * @example
 * app.route("/", sloRoutes());
 */
export function sloRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/v2/slo", async (c) => {
    const tenant = tenantFor(c, "slo:read");
    const status = await callDurableObject(evaluateTenantSlo(c.env, tenant, Date.now()), "MetricsStore", DO_TIMEOUT_MS, UNREACHABLE);
    return c.json(statusView(tenant, status), 200, { "cache-control": "no-store" });
  });
  app.put("/v2/slo/profile", async (c) => {
    const tenant = tenantFor(c, "slo:write");
    const { profile } = parseOrProblem(SloProfileInputSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the SLO profile");
    const principal = c.get("principal");
    const by = principal.kind === "tenant" ? principal.keyId : "platform";
    const now = Date.now();
    const store = sloStore(c.env, tenant);
    const { before, after } = await callDurableObject(store.setSloProfile(tenant, profile, by, now), "MetricsStore", DO_TIMEOUT_MS, UNREACHABLE);
    rememberTenantProfile(tenant, after.profile, now);
    await recordAdminEvent(c.env, { tenant, actor: adminActor(principal), action: "slo.set_profile", target: { type: "tenant", id: tenant }, before: { profile: before.profile }, after: { profile: after.profile } });
    return c.json(settingView(after), 200, { "cache-control": "no-store" });
  });
  return app;
}
