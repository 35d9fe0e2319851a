/**
 * Agent routes, always within the caller's own tenant:
 * `GET /v2/agents/{agent_id}` (operator, auditor, admin) and
 * `POST /v2/agents/{agent_id}/reinstate` with `{"reason": "…"}` (operator, admin) to lift a TERMINATE, and
 * `POST /v2/agents/{agent_id}/terminate` with `{"reason": "…"}` (operator, admin) to impose one. Both act on
 * the agent's AgentState (the cloud's decisions) and go to every device of the tenant as a signed fleet
 * control over `/v2/sync` (workers/src/fleet-control/), so a TERMINATE a device decided on its own can be
 * lifted from the cloud and a cloud TERMINATE reaches the devices.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { agentStateFor } from "@nethical/durable-objects/residency/by-tenant";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { BODY_LIMITS, readJsonBody, parseOrProblem, ProblemError } from "@nethical/http";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { AgentView } from "../openapi/views.ts";
import { reinstateAgent } from "../agents/reinstate-agent.ts";
import type { TerminateResult } from "@nethical/durable-objects";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";
import { issueControl } from "../fleet-control/issue-control.ts";
import { ControlIssuedView, issuedView } from "../fleet-control/views.ts";

/** Body of `POST /v2/agents/{agent_id}/reinstate`. */
export const ReinstateSchema = z.object({ reason: z.string().trim().min(1).max(500).describe("Why the TERMINATE is lifted (recorded with the operator's key id)") }).strict();

/** Body of `POST /v2/agents/{agent_id}/terminate`. */
export const TerminateSchema = z.object({ reason: z.string().trim().min(1).max(500).describe("Why the agent is terminated (recorded with the operator's key id)") }).strict();

/** What the cloud's AgentState held before a reinstatement: a TERMINATE (now lifted), none, or no record of the agent. */
const CloudReinstatement = z.enum(["reinstated", "not_terminated", "unknown_agent"]);

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
    description:
      "Reinstates the agent in the cloud (strikes to 0, decided normally again) and on every device of the tenant: a signed fleet control over `/v2/sync` lifts a TERMINATE a device holds, even one it decided on its own (offline devices get it when they reconnect). `cloud` says what the cloud held: `reinstated`, `not_terminated`, or `unknown_agent` (never decided in the cloud; `agent` is then null).",
    roles: callersWith("agents:reinstate"),
    request: { params: AgentParams, body: { required: true, ...json(ReinstateSchema, { reason: "false positive: the command ran in a sandbox" }) } },
    responses: { 200: { description: "Reinstated", ...json(z.object({ reinstated: z.literal(true), cloud: CloudReinstatement, agent: AgentView.nullable(), control: ControlIssuedView }).strict()) } },
    errors: [...JSON_BODY_ERRORS],
  }),
  describeRoute({
    method: "post",
    path: "/v2/agents/{agent_id}/terminate",
    tag: "agents",
    summary: "Terminate an agent",
    description:
      "An operator's TERMINATE: sticky in the cloud until reinstated (an agent never decided in the cloud is created terminated) and sent to every device of the tenant as a signed fleet control over `/v2/sync` (offline devices get it when they reconnect). Idempotent: `already_terminated` is true when the cloud held a TERMINATE already.",
    roles: callersWith("fleet:control"),
    request: { params: AgentParams, body: { required: true, ...json(TerminateSchema, { reason: "runaway tool loop reported by the on-call engineer" }) } },
    responses: { 200: { description: "Terminated", ...json(z.object({ terminated: z.literal(true), already_terminated: z.boolean(), agent: AgentView, control: ControlIssuedView }).strict()) } },
    errors: [...JSON_BODY_ERRORS],
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
    const cloud = result.ok ? "reinstated" : result.code;
    const agent = "agent" in result ? result.agent : null;
    return c.json({ reinstated: true, cloud, agent, control: result.control }, 200, { "cache-control": "no-store" });
  });

  app.post("/v2/agents/:agent_id/terminate", async (c) => {
    const tenant = tenantFor(c, "fleet:control");
    const agentId = agentIdParam(c);
    const { reason } = parseOrProblem(TerminateSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the terminate request");
    const actor = adminActor(c.get("principal"));
    const issued = await issueControl(c.env, tenant, { kind: "agent.terminate", agent_id: agentId, reason, actor_key_id: actor.key_id });
    if (!issued.ok) throw new ProblemError("internal", issued.message);
    const result = await call<TerminateResult>(() => stubFor(c, tenant, agentId).terminate(tenant, agentId, actor.key_id, reason, Date.now(), `control:${issued.control.seq}`));
    await recordAdminEvent(c.env, {
      tenant,
      actor,
      action: "agent.terminate",
      target: { type: "agent", id: agentId },
      before: { terminated: result.already_terminated },
      after: { terminated: true, devices_control_seq: issued.control.seq },
      reason,
    });
    return c.json({ terminated: true, already_terminated: result.already_terminated, agent: result.agent, control: issuedView(issued) }, 200, { "cache-control": "no-store" });
  });

  return app;
}

function agentIdParam(c: Context<AppEnv>): string {
  const agentId = c.req.param("agent_id") ?? "";
  if (agentId.length < 1 || agentId.length > 256) throw new ProblemError("not-found", "agent ids are 1–256 characters");
  return agentId;
}

function stubFor(c: Context<AppEnv>, tenant: string, agentId: string) {
  return agentStateFor(c.env, tenant, agentId);
}

function call<T>(fn: () => Promise<T>): Promise<T> {
  return callDurableObject(fn(), "AgentState", DO_TIMEOUT_MS, "the agent's state could not be reached; try again");
}
