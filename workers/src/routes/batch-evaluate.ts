/**
 * `POST /v2/batch-evaluate`: `{"requests": [...]}` with 1–100 items. Results come back in request
 * order; each item is either answered (`status` 200, `response`) or gets its own problem object
 * (`status` 422, `problem`) without failing the rest. Items for one agent are decided in their order.
 */
import { Hono } from "hono";
import { z } from "zod";
import { BatchSchema, BODY_LIMITS, elapsedMs, MAX_BATCH_ITEMS, parseBatch, readJsonBody } from "@nethical/http";
import { EvaluateRequest, EvaluateResponse, named, Problem } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { BATCH_PARTLY_INVALID_EXAMPLE, BATCH_REQUEST_EXAMPLE, BATCH_RESPONSE_EXAMPLE } from "../openapi/examples.ts";
import type { AppEnv } from "../app-env.ts";
import { requireAgent, tenantFor } from "../auth/authorize.ts";
import { auditEventIds, recordInBackground } from "../audit/record-decisions.ts";
import { decideRequests } from "../decide/decide-requests.ts";
import { settleApprovals } from "../approvals/settle-approvals.ts";
import { requesterOf } from "../approvals/requester.ts";

/** The batch body as documented: the envelope (BatchSchema) with EvaluateRequest items (each validated on its own). */
export const BatchRequestSchema = named("BatchEvaluateRequest", BatchSchema.extend({ requests: z.array(EvaluateRequest).min(1).max(MAX_BATCH_ITEMS) }));

/** One item of the answer: a decision, or that item's own problem. */
export const BatchResultSchema = z.union([
  z
    .object({
      index: z.number().int().min(0).describe("Position of the item in `requests`"),
      status: z.literal(200),
      agent_seq: z.number().int().nullable().describe("The decision's number in the agent's sequence; null when the fail-safe decided"),
      audit_event_id: z.string().describe("Id of the audit event that records it"),
      degraded: z.string().optional().describe("Set when the fail-safe decided (a dependency was down)"),
      response: EvaluateResponse,
    })
    .strict(),
  z.object({ index: z.number().int().min(0), status: z.literal(422), problem: Problem }).strict(),
]);

/** The body of a batch answer: one result per request, in request order. */
export const BatchResponseSchema = named("BatchEvaluateResponse", z.object({ results: z.array(BatchResultSchema) }).strict());

/** The route's description in the API document. */
export const batchEvaluateDocs = [
  describeRoute({
    method: "post",
    path: "/v2/batch-evaluate",
    tag: "decisions",
    summary: "Decide up to 100 actions",
    description: `Like POST /v2/evaluate for 1–${MAX_BATCH_ITEMS} requests. Results come back in request order; an invalid item gets its own 422 problem in \`results\` and does not fail the others; items of one agent are decided in their order. Body at most 4 MiB.`,
    roles: callersWith("evaluate"),
    request: { body: { required: true, content: { "application/json": { schema: BatchRequestSchema, example: BATCH_REQUEST_EXAMPLE } } } },
    responses: {
      200: {
        description: "One result per request",
        headers: { "x-nethical-latency-ms": { description: "Time spent deciding the batch, in milliseconds", schema: { type: "string" } } },
        content: {
          "application/json": {
            schema: BatchResponseSchema,
            examples: {
              decided: { summary: "Both items decided", value: BATCH_RESPONSE_EXAMPLE },
              partly_invalid: { summary: "A third item with action_type \"Query\" (not lower-case) gets its own 422 problem", value: BATCH_PARTLY_INVALID_EXAMPLE },
            },
          },
        },
      },
    },
    errors: JSON_BODY_ERRORS,
  }),
];

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
    const decided = valid.length > 0 ? await decideRequests(c.env, tenant, valid, now, (work) => c.executionCtx.waitUntil(work)) : [];
    // Approvals (approvals/settle-approvals.ts): a batch item's unusable approval_id leaves its RESTRICT, with the reason in decided_by.
    const outcomes = await settleApprovals(c.env, tenant, requesterOf(c), valid, decided, now);
    const latency = elapsedMs(c.get("startedAt"));
    const eventIds = auditEventIds(valid, outcomes);
    if (outcomes.length > 0) recordInBackground(c.executionCtx, c.env, { tenant, requests: valid, outcomes, eventIds, time: now, latencyMs: latency, route: c.req.routePath });
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
