/**
 * `POST /v2/batch-evaluate`: `{"requests": [...]}` with 1–100 items. Results come back in request
 * order; each item is either answered (`status` 200, `response`) or gets its own problem object
 * (`status` 422, `problem`) without failing the rest. Items for one agent are decided in their order.
 */
import { Hono } from "hono";
import { z } from "zod";
import { EvaluateRequestSchema, type EvaluateRequest } from "@nethical/core";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { auditEventIds, recordInBackground } from "../audit/record-decisions.ts";
import { decideRequests } from "../decide/decide-requests.ts";
import { BODY_LIMITS, readJsonBody } from "../http/body.ts";
import { elapsedMs } from "../http/request-context.ts";
import { fieldErrors, parseOrProblem } from "../http/validation.ts";
import { problemDetails } from "../problem.ts";

/** Most items in one batch. */
export const MAX_BATCH_ITEMS = 100;

const BatchSchema = z.object({ requests: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS) }).strict();

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
    const { requests } = parseOrProblem(BatchSchema, body, "the batch");
    const valid: EvaluateRequest[] = [];
    const validIndex: number[] = [];
    const results: Record<string, unknown>[] = new Array(requests.length);
    requests.forEach((item, index) => {
      const parsed = EvaluateRequestSchema.safeParse(item);
      if (parsed.success) {
        valid.push(parsed.data);
        validIndex.push(index);
      } else {
        const problem = problemDetails("validation-failed", `requests[${index}] does not match the schema`, c.get("requestId"), {
          errors: fieldErrors(parsed.error, `requests.${index}`),
        });
        results[index] = { index, status: problem.status, problem };
      }
    });
    const now = Date.now();
    const outcomes = valid.length > 0 ? await decideRequests(c.env, tenant, valid, now) : [];
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
