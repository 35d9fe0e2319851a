/**
 * `POST /v2/batch-evaluate`: `{"requests": [...]}` with 1–100 items. Results come back in request
 * order; each item is either answered (`status` 200, `response`) or gets its own problem object
 * (`status` 422, `problem`) without failing the rest. Items for one agent are decided in their order.
 */
import { Hono } from "hono";
import { BODY_LIMITS, elapsedMs, parseBatch, readJsonBody } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { requireAgent, tenantFor } from "../auth/authorize.ts";
import { auditEventIds, recordInBackground } from "../audit/record-decisions.ts";
import { decideRequests } from "../decide/decide-requests.ts";

/**
 * The batch route.
 *
 * @example
 * app.route("/", batchEvaluateRoutes());
 */
export function batchEvaluateRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post("/v2/batch-evaluate", async (c) => {
    const tenant = tenantFor(c, "evaluate");
    const body = await readJsonBody(c.req.raw, BODY_LIMITS.batch);
    const { requests: valid, indices: validIndex, rejected } = parseBatch(body, c.get("requestId"));
    for (const request of valid) requireAgent(c, request.agent_id);
    const results: Record<string, unknown>[] = new Array(valid.length + rejected.length);
    for (const item of rejected) results[item.index] = { ...item };
    const now = Date.now();
    const outcomes = valid.length > 0 ? await decideRequests(c.env, tenant, valid, now, (work) => c.executionCtx.waitUntil(work)) : [];
    const latency = elapsedMs(c.get("startedAt"));
    const eventIds = auditEventIds(valid, outcomes);
    if (outcomes.length > 0) recordInBackground(c.executionCtx, c.env, { tenant, requests: valid, outcomes, eventIds, time: now, latencyMs: latency });
    outcomes.forEach((outcome, k) => {
      const index = validIndex[k] as number;
      results[index] = {
        index,
        status: 200,
        agent_seq: outcome.seq,
        audit_event_id: eventIds[k],
        ...(outcome.degraded !== null ? { degraded: outcome.degraded } : {}),
        response: { ...outcome.response, latency_ms: latency },
      };
    });
    return c.json({ results }, 200, { "x-nethical-latency-ms": String(latency), "cache-control": "no-store" });
  });
  return app;
}
