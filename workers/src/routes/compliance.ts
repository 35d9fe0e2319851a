/**
 * `GET /v2/compliance/report` (auditor, admin): every compliance control (shared/src/compliance/) checked
 * live against this deployment, for the caller's tenant — each probe a request through the Worker's own app
 * with the caller's key (compliance/in-process-target.ts). JSON by default; Markdown with
 * `Accept: text/markdown` or `?format=md`. The Worker has no checkout, so repository checks are left to
 * `nethical compliance report` in CI (the report's `scopes` says which ran). The one write is the
 * explanation check's probe decision (agent `compliance-probe`), when the caller may evaluate.
 */
import { Hono } from "hono";
import { z } from "zod";
import { ComplianceReportSchema, complianceMarkdown, complianceReport } from "@nethical/core/compliance/index.ts";
import { parseOrProblem } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { inProcessTarget, type AppFetch } from "../compliance/in-process-target.ts";
import { MARKDOWN, wantsMarkdown } from "../compliance/format.ts";
import { json, named } from "../openapi/components.ts";
import { callersWith, describeRoute } from "../openapi/describe-route.ts";

/** Query of `GET /v2/compliance/report`. */
export const ComplianceQuerySchema = z.object({ format: z.enum(["json", "md"]).optional().describe("`md` for Markdown (or `Accept: text/markdown`)") }).strict();

/** `GET /v2/compliance/report`. */
export const ComplianceReportView = named("ComplianceReport", ComplianceReportSchema);

/** The route's description in the API document. */
export const complianceDocs = [
  describeRoute({
    method: "get",
    path: "/v2/compliance/report",
    tag: "compliance",
    summary: "Compliance report: every control checked against this deployment",
    description:
      "Each control (GDPR Art. 5(1)(c), 5(1)(e), 22; EU AI Act Art. 9, 12, 13, 14; NIST AI RMF; 21 CFR Part 11 §11.10(d)(e), §11.50, §11.70; IEC 62443; ISO 26262) with its status (`pass`, `fail`, `not_applicable`, `manual`), the reason when not `pass`, and the evidence: the API answers its live check saw. Probes go through this Worker with the caller's key; the explanation check evaluates one harmless probe action (agent `compliance-probe`) when the caller's role may evaluate. Repository checks (tests, config files) run in `nethical compliance report`, not here. Markdown with `Accept: text/markdown` or `?format=md`.",
    roles: callersWith("audit:read"),
    request: { query: ComplianceQuerySchema },
    responses: { 200: { description: "The report", content: { ...json(ComplianceReportView).content, "text/markdown": { schema: z.string() } } } },
    errors: ["validation-failed"],
  }),
];

/**
 * The compliance report route; `appFetch` is the app's own fetch handler (the probes' way in).
 *
 * @example
 * app.route("/", complianceRoutes((req, env, ctx) => app.fetch(req, env, ctx)));
 */
export function complianceRoutes(appFetch: AppFetch): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/v2/compliance/report", async (c) => {
    const tenant = tenantFor(c, "audit:read");
    const q = parseOrProblem(ComplianceQuerySchema, c.req.query(), "the query");
    let ctx: Parameters<AppFetch>[2];
    try {
      ctx = c.executionCtx;
    } catch {
      ctx = undefined; // app.request() in tests has none
    }
    const live = inProcessTarget(appFetch, c.env, ctx, c.req.header("authorization") ?? "", new URL(c.req.url).origin);
    const report = await complianceReport({ live, tenant });
    if (wantsMarkdown(c, q.format)) return c.body(complianceMarkdown(report), 200, { "content-type": MARKDOWN, "cache-control": "no-store" });
    return c.json(report, 200, { "cache-control": "no-store" });
  });
  return app;
}
