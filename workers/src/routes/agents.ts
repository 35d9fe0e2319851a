/**
 * Agent routes, always within the caller's own tenant:
 * `GET /v2/agents/{agent_id}` (operator, auditor, admin) and
 * `POST /v2/agents/{agent_id}/reinstate` with `{"reason": "…"}` (operator, admin) to lift a TERMINATE.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { agentStateName } from "@nethical/durable-objects/storage-keys";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { AgentView } from "../openapi/views.ts";
import { reinstateAgent } from "../agents/reinstate-agent.ts";

/** Body of `POST /v2/agents/{agent_id}/reinstate`. */
export const ReinstateSchema = z.object({ reason: z.string().trim().min(1).max(500).describe("Why the TERMINATE is lifted (recorded with the operator's key id)") }).strict();

const AgentParams = z.object({ agent_id: z.string().min(1).max(256) });

/** The routes' descriptions in the API document. */
export const agentDocs = [
  describeRoute({
    method: "get",
    path: "/v2/agents/{agent_id}",
    tag: "agents",
    summary: "An agent's state",
    description: "Counters, strikes, rate limit, whether it is terminated (and why), the policy that last decided for it, and its last 10 reinstatements.",
    roles: callersWith("agents:read"),
    request: { params: AgentParams },
    responses: { 200: { description: "The agent", ...json(AgentView) } },
    errors: ["not-found"],
  }),
  describeRoute({
    method: "post",
    path: "/v2/agents/{agent_id}/reinstate",
    tag: "agents",
    summary: "Lift a TERMINATE",
    description: "Reinstates a terminated agent: its strikes go to 0 and it is decided normally again. 409 when it is not terminated.",
    roles: callersWith("agents:reinstate"),
    request: { params: AgentParams, body: { required: true, ...json(ReinstateSchema, { reason: "false positive: the command ran in a sandbox" }) } },
    responses: { 200: { description: "Reinstated", ...json(z.object({ reinstated: z.literal(true), agent: AgentView }).strict()) } },
    errors: [...JSON_BODY_ERRORS, "not-found", "conflict"],
  }),
];

/**
 * The agent routes.
 *
 * @example
 * app.route("/", agentRoutes());
 */
export function agentRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/v2/agents/:agent_id", async (c) => {
    const tenant = tenantFor(c, "agents:read");
    const agentId = agentIdParam(c);
    const view = await call(() => stubFor(c, tenant, agentId).snapshot(tenant, agentId, Date.now()));
    if (view === null) throw new ProblemError("not-found", "this tenant has no agent with that id");
    return c.json(view, 200, { "cache-control": "no-store" });
  });

  app.post("/v2/agents/:agent_id/reinstate", async (c) => {
    const tenant = tenantFor(c, "agents:reinstate");
    const agentId = agentIdParam(c);
    const { reason } = parseOrProblem(ReinstateSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the reinstate request");
    const result = await reinstateAgent(c, tenant, agentId, reason);
    if (!result.ok) throw new ProblemError(result.code === "unknown_agent" ? "not-found" : "conflict", result.message);
    return c.json({ reinstated: true, agent: result.agent }, 200, { "cache-control": "no-store" });
  });

  return app;
}

function agentIdParam(c: Context<AppEnv>): string {
  const agentId = c.req.param("agent_id") ?? "";
  if (agentId.length < 1 || agentId.length > 256) throw new ProblemError("not-found", "agent ids are 1–256 characters");
  return agentId;
}

function stubFor(c: Context<AppEnv>, tenant: string, agentId: string) {
  return c.env.AGENT_STATE.get(c.env.AGENT_STATE.idFromName(agentStateName(tenant, agentId)));
}

function call<T>(fn: () => Promise<T>): Promise<T> {
  return callDurableObject(fn(), "AgentState", DO_TIMEOUT_MS, "the agent's state could not be reached; try again");
}
