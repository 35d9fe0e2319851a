/**
 * `GET /v2/transparency/report?from=&to=` (auditor, admin): the caller's tenant's transparency report for
 * one period (at most 366 days; default the last 30), counted from its stored audit trail
 * (compliance/transparency-data.ts: Postgres when configured, else the AuditLog). JSON by default; Markdown
 * with `Accept: text/markdown` or `?format=md`.
 */
import { Hono } from "hono";
import { z } from "zod";
import { MAX_PERIOD_DAYS, TransparencyReportSchema, periodProblem, transparencyMarkdown, transparencyReport } from "@nethical/core/compliance/index.ts";
import { parseOrProblem, ProblemError } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { MARKDOWN, wantsMarkdown } from "../compliance/format.ts";
import { modelsInForce, periodEvents, MAX_REPORT_EVENTS } from "../compliance/transparency-data.ts";
import { json, named } from "../openapi/components.ts";
import { callersWith, describeRoute } from "../openapi/describe-route.ts";
import { ListQuerySchema } from "./decisions.ts";

/** The default period: the last 30 days. */
export const DEFAULT_PERIOD_MS = 30 * 86_400_000;

/** Query of `GET /v2/transparency/report`. */
export const TransparencyQuerySchema = z
  .object({
    from: ListQuerySchema.shape.from.describe("Start, inclusive (ISO 8601 or ms; default: 30 days before `to`)"),
    to: ListQuerySchema.shape.to.describe("End, exclusive (ISO 8601 or ms; default: now)"),
    format: z.enum(["json", "md"]).optional().describe("`md` for Markdown (or `Accept: text/markdown`)"),
  })
  .strict();

/** `GET /v2/transparency/report`. */
export const TransparencyReportView = named("TransparencyReport", TransparencyReportSchema);

/** The route's description in the API document. */
export const transparencyDocs = [
  describeRoute({
    method: "get",
    path: "/v2/transparency/report",
    tag: "compliance",
    summary: "Transparency report of one period",
    description: `From the tenant's stored audit trail in [\`from\`, \`to\`) (at most ${MAX_PERIOD_DAYS} days; at most ${MAX_REPORT_EVENTS} events of each kind, else 422): decisions by outcome, source and law; appeals and their outcomes; approvals; terminations, reinstatements and emergency stops; the policy versions decisions were made under and the classifier model in force. Action types are not recorded in audit events. Markdown with \`Accept: text/markdown\` or \`?format=md\`.`,
    roles: callersWith("audit:read"),
    request: { query: TransparencyQuerySchema },
    responses: { 200: { description: "The report", content: { ...json(TransparencyReportView).content, "text/markdown": { schema: z.string() } } } },
    errors: ["validation-failed"],
  }),
];

/**
 * The transparency report route.
 *
 * @example
 * app.route("/", transparencyRoutes());
 */
export function transparencyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/v2/transparency/report", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    const q = parseOrProblem(TransparencyQuerySchema, c.req.query(), "the query");
    const to = q.to ?? Date.now();
    const from = q.from ?? to - DEFAULT_PERIOD_MS;
    const problem = periodProblem(from, to);
    if (problem !== null) throw new ProblemError("validation-failed", problem, { errors: [{ path: "from", message: problem }] });
    const { decisions, adminEvents, source } = await periodEvents(c.env, tenant, from, to);
    const report = transparencyReport({ tenant, from, to, source, decisions, adminEvents, models: await modelsInForce(), now: new Date() });
    if (wantsMarkdown(c, q.format)) return c.body(transparencyMarkdown(report), 200, { "content-type": MARKDOWN, "cache-control": "no-store" });
    return c.json(report, 200, { "cache-control": "no-store" });
  });
  return app;
}
