/**
 * `POST /v2/evaluate`: one action in, one decision out (roles agent, operator, admin).
 */
import { Hono } from "hono";
import { EvaluateRequestSchema } from "@nethical/core";
import type { AppEnv } from "../app-env.ts";
import { requireAgent, tenantFor } from "../auth/authorize.ts";
import { evaluateOne } from "../decide/evaluate-one.ts";
import { BODY_LIMITS, readJsonBody, parseOrProblem } from "@nethical/http";
import { EVALUATE_EXAMPLE, EvaluateRequest, EvaluateResponse } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { EVALUATE_RESPONSE_EXAMPLE, MESSAGE_REQUEST_EXAMPLE, MESSAGE_RESPONSE_EXAMPLE } from "../openapi/examples.ts";

/** Headers of a decision (decision-headers.ts and the route). */
export const DECISION_HEADERS = {
  "x-nethical-policy-version": { description: "The policy version that decided (`<seq>.<hash prefix>`)", schema: { type: "string" as const } },
  "x-nethical-agent-seq": { description: "The decision's number in the agent's sequence (absent when the fail-safe decided)", schema: { type: "string" as const } },
  "ratelimit-limit": { description: "The agent's rate limit (its policy's limits.rate_limit)", schema: { type: "string" as const } },
  "ratelimit-remaining": { description: "Requests left in the agent's current window", schema: { type: "string" as const } },
  "ratelimit-reset": { description: "Seconds until the agent's window resets", schema: { type: "string" as const } },
  "x-nethical-latency-ms": { description: "Time spent deciding, in milliseconds", schema: { type: "string" as const } },
  "x-nethical-audit-event-id": { description: "Id of the audit event that records this decision (GET /v2/audit/{id})", schema: { type: "string" as const } },
  "x-nethical-degraded": { description: "Present when a dependency could not be reached and the fail-safe decided (never ALLOW)", schema: { type: "string" as const } },
};

/** The route's description in the API document. */
export const evaluateDocs = [
  describeRoute({
    method: "post",
    path: "/v2/evaluate",
    tag: "decisions",
    summary: "Decide one action",
    description:
      "Scans the action (and its tool arguments, stated intent and untrusted inputs), applies the laws and the tenant's active policy to it and to the agent's state, and answers ALLOW, RESTRICT (with obligations the caller must honour), BLOCK or TERMINATE (sticky until an operator reinstates the agent). The decision is recorded in the tenant's audit log. Body at most 256 KiB. An agent key bound to agent ids may only ask for them.",
    roles: callersWith("evaluate"),
    request: {
      body: {
        required: true,
        content: {
          "application/json": {
            schema: EvaluateRequest,
            examples: { block: { summary: "Dangerous code: BLOCK", value: EVALUATE_EXAMPLE }, restrict: { summary: "Personal data in an outgoing message: RESTRICT with a redaction", value: MESSAGE_REQUEST_EXAMPLE } },
          },
        },
      },
    },
    responses: {
      200: {
        description: "The decision",
        headers: DECISION_HEADERS,
        content: {
          "application/json": {
            schema: EvaluateResponse,
            examples: { block: { summary: "BLOCK", value: EVALUATE_RESPONSE_EXAMPLE }, restrict: { summary: "RESTRICT with a redaction", value: MESSAGE_RESPONSE_EXAMPLE } },
          },
        },
      },
    },
    errors: JSON_BODY_ERRORS,
  }),
];

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
    const { body: decision, headers } = await evaluateOne(c, tenant, request);
    return c.json(decision, 200, headers);
  });
  return app;
}
