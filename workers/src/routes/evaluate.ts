/**
 * `POST /v2/evaluate`: one action in, one decision out (roles agent, operator, admin).
 */
import { Hono } from "hono";
import { EvaluateRequestSchema } from "@nethical/core";
import type { AppEnv } from "../app-env.ts";
import { requireAgent, tenantFor } from "../auth/authorize.ts";
import { auditEventIds, recordInBackground } from "../audit/record-decisions.ts";
import { decideRequests } from "../decide/decide-requests.ts";
import { BODY_LIMITS, readJsonBody, elapsedMs, parseOrProblem } from "@nethical/http";
import { decisionHeaders } from "./decision-headers.ts";

/**
 * The evaluate route.
 *
 * @example
 * app.route("/", evaluateRoutes());
 */
export function evaluateRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/v2/evaluate", async (c) => {
    const tenant = tenantFor(c, "evaluate");
    const body = await readJsonBody(c.req.raw, BODY_LIMITS.evaluate);
    const request = parseOrProblem(EvaluateRequestSchema, body, "the evaluate request");
    requireAgent(c, request.agent_id);
    const now = Date.now();
    const [outcome] = await decideRequests(c.env, tenant, [request], now, (work) => c.executionCtx.waitUntil(work));
    if (outcome === undefined) throw new Error("no outcome");
    const latency = elapsedMs(c.get("startedAt"));
    const eventIds = auditEventIds([request], [outcome]);
    recordInBackground(c.executionCtx, c.env, { tenant, requests: [request], outcomes: [outcome], eventIds, time: now, latencyMs: latency });
    const headers = { ...decisionHeaders(outcome), "x-nethical-latency-ms": String(latency), "x-nethical-audit-event-id": eventIds[0] as string };
    return c.json({ ...outcome.response, latency_ms: latency }, 200, headers);
  });
  return app;
}
