/**
 * The tenant-wide emergency stop, always within the caller's own tenant:
 * `GET /v2/emergency-stop` (operator, auditor, admin) shows it; `POST /v2/emergency-stop` with
 * `{"reason": "…"}` (operator, admin) engages it; `DELETE /v2/emergency-stop` (optionally with
 * `{"reason": "…"}`) releases it. Engaging stores it in the tenant's PolicyStore (from where every isolate
 * of every PoP reads it within 1 s, workers/src/fleet-control/stop-state.ts) and sends it to every device as
 * a signed fleet control over `/v2/sync`. While engaged every evaluation answers TERMINATE.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { tenantFor } from "../auth/authorize.ts";
import { BODY_LIMITS, parseOrProblem, ProblemError, readJsonBody } from "@nethical/http";
import { policyStoreStub } from "@nethical/durable-objects/policy-store/store-address";
import type { ControlState } from "@nethical/durable-objects";
import { callDurableObject } from "../durable-object-call.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { issueControl } from "../fleet-control/issue-control.ts";
import { STOP_FRESH_MS } from "../fleet-control/stop-state.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";
import { json } from "../openapi/components.ts";
import { callersWith, describeRoute, JSON_BODY_ERRORS } from "../openapi/describe-route.ts";
import { ControlIssuedView, EmergencyStopView, issuedView } from "../fleet-control/views.ts";

/** Body of `POST /v2/emergency-stop` (and, optionally, `DELETE`). */
export const EmergencyStopSchema = z.object({ reason: z.string().trim().min(1).max(1000).describe("Why (recorded with the operator's key id, shown in every stopped decision)") }).strict();

/** What `GET /v2/emergency-stop` answers. */
export const EmergencyStopStateView = z
  .object({
    tenant: z.string(),
    engaged: z.boolean(),
    emergency_stop: EmergencyStopView.nullable(),
    control_seq: z.number().int().describe("The tenant's latest fleet control seq"),
    pop_bound_ms: z.number().int().describe("How long after it is stored every isolate answers by it, plus one PolicyStore round trip"),
  })
  .strict();

/** The routes' descriptions in the API document. */
export const emergencyStopDocs = [
  describeRoute({
    method: "get",
    path: "/v2/emergency-stop",
    tag: "fleet-control",
    summary: "The tenant's emergency stop",
    description: "Whether the tenant-wide emergency stop is engaged, by whom, since when and why, and the latest fleet control seq.",
    roles: callersWith("agents:read"),
    responses: { 200: { description: "The stop state", ...json(EmergencyStopStateView) } },
  }),
  describeRoute({
    method: "post",
    path: "/v2/emergency-stop",
    tag: "fleet-control",
    summary: "Engage the emergency stop",
    description:
      "Every evaluation of the tenant (Worker and devices) answers TERMINATE with an `emergency_stop` violation until the stop is released. Every isolate honours it within 1 s of this answer (plus one PolicyStore round trip); connected devices receive it as a signed fleet control at once, offline ones when they reconnect. 409 when already engaged.",
    roles: callersWith("fleet:control"),
    request: { body: { required: true, ...json(EmergencyStopSchema, { reason: "fire alarm in hall 3" }) } },
    responses: { 200: { description: "Engaged", ...json(z.object({ engaged: z.literal(true), emergency_stop: EmergencyStopView, control: ControlIssuedView }).strict()) } },
    errors: [...JSON_BODY_ERRORS, "conflict"],
  }),
  describeRoute({
    method: "delete",
    path: "/v2/emergency-stop",
    tag: "fleet-control",
    summary: "Release the emergency stop",
    description: "Decisions return to normal (agents terminated before or by the policy stay terminated). Optional body `{\"reason\": \"…\"}`. Pushed to devices like the stop. 409 when not engaged.",
    roles: callersWith("fleet:control"),
    request: { body: { required: false, ...json(EmergencyStopSchema, { reason: "hall 3 cleared by the fire brigade" }) } },
    responses: { 200: { description: "Released", ...json(z.object({ engaged: z.literal(false), control: ControlIssuedView }).strict()) } },
    errors: [...JSON_BODY_ERRORS, "conflict"],
  }),
];

/**
 * The emergency stop routes.
 *
 * @example
 * app.route("/", emergencyStopRoutes());
 */
export function emergencyStopRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/v2/emergency-stop", async (c) => {
    const tenant = tenantFor(c, "agents:read");
    const read = async (): Promise<ControlState | null> => (await policyStoreStub(c.env, tenant).controlState(tenant)) as ControlState | null;
    const state = (await callDurableObject(read(), "PolicyStore", DO_TIMEOUT_MS, "the emergency stop state could not be read; try again")) ?? { control_seq: 0, emergency_stop: null };
    return c.json({ tenant, engaged: state.emergency_stop !== null, emergency_stop: state.emergency_stop, control_seq: state.control_seq, pop_bound_ms: STOP_FRESH_MS }, 200, { "cache-control": "no-store" });
  });

  app.post("/v2/emergency-stop", async (c) => {
    const tenant = tenantFor(c, "fleet:control");
    const { reason } = parseOrProblem(EmergencyStopSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the emergency stop request");
    const principal = c.get("principal");
    const actor = adminActor(principal);
    const result = await issueControl(c.env, tenant, { kind: "estop.engage", reason, actor_key_id: actor.key_id });
    if (!result.ok) throw new ProblemError("conflict", result.message);
    const stop = result.state.emergency_stop;
    if (stop === null) throw new ProblemError("internal", "the stop was not recorded");
    await recordAdminEvent(c.env, { tenant, actor, action: "estop.engage", target: { type: "tenant", id: tenant }, before: { engaged: false }, after: { engaged: true, control_seq: result.control.seq }, reason });
    return c.json({ engaged: true, emergency_stop: stop, control: issuedView(result) }, 200, { "cache-control": "no-store" });
  });

  app.delete("/v2/emergency-stop", async (c) => {
    const tenant = tenantFor(c, "fleet:control");
    const reason = await optionalReason(c);
    const actor = adminActor(c.get("principal"));
    const result = await issueControl(c.env, tenant, { kind: "estop.release", reason, actor_key_id: actor.key_id });
    if (!result.ok) throw new ProblemError("conflict", result.message);
    await recordAdminEvent(c.env, { tenant, actor, action: "estop.release", target: { type: "tenant", id: tenant }, before: { engaged: true }, after: { engaged: false, control_seq: result.control.seq }, reason });
    return c.json({ engaged: false, control: issuedView(result) }, 200, { "cache-control": "no-store" });
  });

  return app;
}

async function optionalReason(c: Context<AppEnv>): Promise<string> {
  const length = c.req.header("content-length");
  if (length === "0" || (length === undefined && c.req.header("content-type") === undefined)) return "released by operator";
  return parseOrProblem(EmergencyStopSchema, await readJsonBody(c.req.raw, BODY_LIMITS.admin), "the release request").reason;
}
