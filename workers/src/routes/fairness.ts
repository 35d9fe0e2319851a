/**
 * Fairness from recorded decisions, within the caller's tenant:
 * `GET /v2/fairness?field=&since=&until=&min_cohort=&reference=` (operator, auditor, admin) — per cohort
 * of the context field the decision counts by outcome, favourable (ALLOW) rate with Wilson interval, and
 * against the reference cohort (largest, or `reference`) the statistical parity difference (Newcombe) and
 * disparate impact ratio (Katz); cohorts under `min_cohort` are reported as too small, with no numbers.
 * `GET /v2/fairness/config` and `PUT /v2/fairness/config` (operator, admin): which context field decisions
 * are grouped by (only decisions made after it is set carry a cohort; the value is stored only as a keyed
 * pseudonym). Changing it is an admin event in the audit trail (`fairness.configure`).
 */
import { Hono } from "hono";
import { z } from "zod";
import { COHORT_FIELD_PATTERN, cohortId, cohortKey, fairnessReport, type CohortCounts } from "@nethical/core";
import { BODY_LIMITS, parseOrProblem, ProblemError, readJsonBody } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";
import { tenantFor } from "../auth/authorize.ts";
import { cohortCountRows } from "../fairness/cohort-counts.ts";
import { FairnessConfigInputSchema, publicConfig, readFairnessConfig, saltBytes, writeFairnessConfig, type FairnessConfig } from "../fairness/config.ts";
import { json, named } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { ListQuerySchema } from "./decisions.ts";

/** Default window: the last 30 days. */
export const DEFAULT_WINDOW_MS = 30 * 86_400_000;
/** Default smallest cohort that gets numbers. */
export const DEFAULT_MIN_COHORT = 30;

/** Query of `GET /v2/fairness`. */
export const FairnessQuerySchema = z
  .object({
    field: z.string().regex(COHORT_FIELD_PATTERN).optional().describe("Context field (default: the tenant's configured one)"),
    since: ListQuerySchema.shape.from.describe("Start (ISO 8601 or ms; default: 30 days before `until`)"),
    until: ListQuerySchema.shape.to.describe("End, exclusive (ISO 8601 or ms; default: now)"),
    min_cohort: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_MIN_COHORT),
    reference: z.string().min(1).max(128).optional().describe("Reference cohort by id or declared value (default: the largest)"),
  })
  .strict();

const IntervalView = z.object({ low: z.number(), high: z.number() }).strict();
const Counts = z.object({ ALLOW: z.number().int(), RESTRICT: z.number().int(), BLOCK: z.number().int(), TERMINATE: z.number().int() }).strict();
const CohortView = z.union([
  z.object({ cohort: z.string(), label: z.string().nullable(), status: z.literal("too_small"), decisions: z.number().int() }).strict(),
  z
    .object({
      cohort: z.string(),
      label: z.string().nullable(),
      status: z.literal("ok"),
      decisions: z.number().int(),
      counts: Counts,
      favourable_rate: z.number(),
      favourable_rate_ci: IntervalView,
      restrict_rate: z.number(),
      reference: z.boolean(),
      statistical_parity_difference: z.number().nullable(),
      statistical_parity_difference_ci: IntervalView.nullable(),
      disparate_impact_ratio: z.number().nullable(),
      disparate_impact_ratio_ci: IntervalView.nullable(),
    })
    .strict(),
]);

/** `GET /v2/fairness`. */
export const FairnessReportView = named(
  "FairnessReport",
  z
    .object({
      field: z.string(),
      since: z.string(),
      until: z.string(),
      source: z.enum(["postgres", "audit-log"]),
      decisions: z.number().int().describe("Decisions in the window that carry a cohort of this field"),
      favourable: z.literal("ALLOW"),
      confidence: z.number(),
      min_cohort: z.number().int(),
      reference: z.string().nullable(),
      cohorts: z.array(CohortView),
      note: z.string().nullable(),
    })
    .strict(),
);

const ConfigView = named("FairnessConfig", z.object({ field: z.string().nullable(), values: z.array(z.union([z.string(), z.number(), z.boolean()])), updated_at: z.string().nullable() }).strict());

/** The routes' descriptions in the API document. */
export const fairnessDocs = [
  describeRoute({
    method: "get",
    path: "/v2/fairness",
    tag: "audit",
    summary: "Fairness of recorded decisions by cohort",
    description:
      "Cohorts of the context field the tenant names (`PUT /v2/fairness/config`), from stored decisions in [`since`, `until`): counts by outcome, favourable (ALLOW) rate with a Wilson 95 % interval, and against the reference cohort (largest, or `reference`) the statistical parity difference (Newcombe interval) and disparate impact ratio (Katz log interval). RESTRICT is not favourable (its rate is shown apart). Cohorts under `min_cohort` (default 30) are `too_small`, with their size only.",
    roles: callersWith("fairness:read"),
    request: { query: FairnessQuerySchema },
    responses: { 200: { description: "The report", ...json(FairnessReportView) } },
    errors: ["validation-failed"],
  }),
  describeRoute({
    method: "get",
    path: "/v2/fairness/config",
    tag: "audit",
    summary: "The tenant's fairness field",
    description: "Which context field decisions are grouped by, and the values reports name.",
    roles: callersWith("fairness:read"),
    responses: { 200: { description: "The setting (`field` null when none)", ...json(ConfigView) } },
  }),
  describeRoute({
    method: "put",
    path: "/v2/fairness/config",
    tag: "audit",
    summary: "Name the fairness field",
    description:
      "Decisions made after this (within 30 s in every isolate) carry the cohort of this context field — only as a keyed pseudonym of its value, never the value. Declared `values` get their names in reports. Recorded in the audit trail as `fairness.configure`.",
    roles: callersWith("fairness:write"),
    request: { body: { required: true, ...json(FairnessConfigInputSchema, { field: "applicant_group", values: ["A", "B", "C"] }) } },
    responses: { 200: { description: "The setting", ...json(ConfigView) } },
    errors: JSON_BODY_ERRORS,
  }),
];

async function labels(config: FairnessConfig | null, field: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (config === null || config.field !== field) return map;
  const key = await cohortKey(saltBytes(config));
  for (const value of config.values) map.set(await cohortId(key, field, value), String(value));
  return map;
}

/**
 * The fairness routes.
 *
 * @example
 * app.route("/", fairnessRoutes());
 */
export function fairnessRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/v2/fairness/config", async (c) => {
    const tenant = tenantFor(c, "fairness:read");
    return c.json(publicConfig(await readFairnessConfig(c.env.POLICY_KV, tenant, Date.now(), true)), 200, { "cache-control": "no-store" });
  });

  app.put("/v2/fairness/config", async (c) => {
    const tenant = tenantFor(c, "fairness:write");
    const input = parseOrProblem(FairnessConfigInputSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the fairness setting");
    const { before, after } = await writeFairnessConfig(c.env.POLICY_KV, tenant, input, Date.now());
    const view = (x: FairnessConfig | null) => (x === null ? null : { field: x.field, values: x.values });
    await recordAdminEvent(c.env, { tenant, actor: adminActor(c.get("principal")), action: "fairness.configure", target: { type: "tenant", id: tenant }, before: view(before), after: view(after) });
    return c.json(publicConfig(after), 200, { "cache-control": "no-store" });
  });

  app.get("/v2/fairness", async (c) => {
    const tenant = tenantFor(c, "fairness:read");
    const q = parseOrProblem(FairnessQuerySchema, c.req.query(), "the query");
    const config = await readFairnessConfig(c.env.POLICY_KV, tenant, Date.now());
    const field = q.field ?? config?.field;
    if (field === undefined) {
      throw new ProblemError("validation-failed", "name a field: ?field=, or set the tenant's with PUT /v2/fairness/config", { errors: [{ path: "field", message: "required: no fairness field is configured" }] });
    }
    const until = q.until ?? Date.now();
    const since = q.since ?? until - DEFAULT_WINDOW_MS;
    if (since >= until) throw new ProblemError("validation-failed", "since must be before until", { errors: [{ path: "since", message: "must be before until" }] });
    const { rows, source } = await cohortCountRows(c.env, tenant, field, since, until);
    const names = await labels(config, field);
    const byCohort = new Map<string, CohortCounts>();
    for (const r of rows) {
      const entry = byCohort.get(r.cohort) ?? { cohort: r.cohort, label: names.get(r.cohort) ?? null, ALLOW: 0, RESTRICT: 0, BLOCK: 0, TERMINATE: 0 };
      if (r.decision === "ALLOW" || r.decision === "RESTRICT" || r.decision === "BLOCK" || r.decision === "TERMINATE") entry[r.decision] += r.n;
      byCohort.set(r.cohort, entry);
    }
    const counts = [...byCohort.values()];
    const report = fairnessReport(counts, { minCohort: q.min_cohort, ...(q.reference !== undefined ? { reference: q.reference } : {}) });
    const decisions = counts.reduce((n, x) => n + x.ALLOW + x.RESTRICT + x.BLOCK + x.TERMINATE, 0);
    return c.json({ field, since: new Date(since).toISOString(), until: new Date(until).toISOString(), source, decisions, ...report }, 200, { "cache-control": "no-store" });
  });

  return app;
}
