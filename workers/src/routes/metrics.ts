/**
 * `GET /v2/metrics`: Prometheus text exposition of the caller's tenant's metrics (operator, auditor, admin),
 * or of every tenant with metrics for the platform key. Counts are exact across isolates: each isolate
 * flushes its increments to the tenant's MetricsStore within METRICS_FLUSH_MS (workers/src/metrics/); this
 * isolate's pending increments are flushed before the read.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { settleMetrics } from "../metrics/buffer.ts";
import { collectTenant, registeredTenants } from "../metrics/collect.ts";
import { EXPOSITION_CONTENT_TYPE, renderExposition } from "../metrics/exposition.ts";
import { callersWith, describeRoute } from "../openapi/describe-route.ts";

const EXAMPLE = `# HELP nethical_decisions_total Decisions answered, by outcome (ALLOW, RESTRICT, BLOCK, TERMINATE) and action type.
# TYPE nethical_decisions_total counter
nethical_decisions_total{tenant="acme",action_type="code_execution",decision="BLOCK"} 3
`;

/** The route's description in the API document. */
export const metricsDocs = [
  describeRoute({
    method: "get",
    path: "/v2/metrics",
    tag: "meta",
    summary: "Metrics in Prometheus text format",
    description:
      "Decisions by outcome, law and action type; degraded (fail-safe) answers by reason; latency histograms of the whole request, the AgentState call and the decision step; policy resolutions by cache level; queue retries and dead letters; the audit backlog and devices by mode. Every series has a `tenant` label: a tenant key sees its own tenant only, the platform key every tenant with metrics. Counters are exact and cumulative (a tenant's MetricsStore); gauges are read at the scrape.",
    roles: callersWith("metrics:read"),
    responses: {
      200: { description: "Prometheus text exposition format 0.0.4", content: { "text/plain": { schema: z.string(), example: EXAMPLE } } },
    },
  }),
];

/**
 * The metrics route.
 *
 * @example
 * app.route("/", metricsRoutes());
 */
export function metricsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/v2/metrics", async (c) => {
    const principal = c.get("principal");
    const own = principal.kind === "platform" ? null : tenantFor(c, "metrics:read");
    // This isolate's pending increments first: they may register a tenant the platform view must list.
    await settleMetrics(c.env);
    const tenants = own === null ? await registeredTenants(c.env) : [own];
    const collected = await Promise.all(tenants.map((t) => collectTenant(c.env, t)));
    return c.body(renderExposition(collected), 200, { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" });
  });
  return app;
}
