/**
 * The one way a sticky TERMINATE is lifted from the cloud: the agent's AgentState records the reinstatement
 * (actor key id and reason), the `agent.reinstated` webhook is published, and the change is recorded in the
 * audit trail (`agent.reinstate`). Used by `POST /v2/agents/{agent_id}/reinstate` and by an upheld appeal of
 * a TERMINATE (`POST /v2/appeals/{id}/uphold`), so both take exactly the same path. The reinstatement is
 * also sent to every device of the tenant as a signed fleet control (`agent.reinstate`, over `/v2/sync`),
 * whatever the cloud held: a device may hold a TERMINATE it decided on its own.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { ProblemError } from "@nethical/http";
import { issueControl } from "../fleet-control/issue-control.ts";
import { issuedView, type ControlIssuedView } from "../fleet-control/views.ts";
import type { ReinstateResult } from "@nethical/durable-objects";
import { agentStateFor } from "@nethical/durable-objects/residency/by-tenant";
import type { AppEnv } from "../app-env.ts";
import { adminActor, recordAdminEvent } from "../audit/record-admin-event.ts";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";
import { reinstatedEvent } from "../webhooks/events.ts";
import { publishInBackground } from "../webhooks/publish.ts";

/** The cloud's result and the fleet control that carries the reinstatement to devices. */
export type ReinstateEverywhere = ReinstateResult & { control: z.infer<typeof ControlIssuedView> };

/**
 * Reinstate `agentId` of `tenant` on behalf of the caller (its key id is recorded), with `reason`.
 * Resolves with the AgentState's result: `{ ok: true, agent }`, or a refusal (`unknown_agent`,
 * `not_terminated`) the caller turns into its own answer, with `control` (the fleet control sent to
 * devices in every case). Throws a 503 ProblemError when the AgentState
 * cannot be reached, or when the audit trail cannot take the event (the reinstatement stands).
 *
 * @example
 * const result = await reinstateAgent(c, tenant, "robot-7", "false positive");
 * if (!result.ok) throw new ProblemError("conflict", result.message);
 */
export async function reinstateAgent(c: Context<AppEnv>, tenant: string, agentId: string, reason: string): Promise<ReinstateEverywhere> {
  const principal = c.get("principal");
  const keyId = principal.kind === "tenant" ? principal.keyId : "platform";
  const stub = agentStateFor(c.env, tenant, agentId);
  const result = await callDurableObject<ReinstateResult>(stub.reinstate(tenant, agentId, keyId, reason, Date.now()), "AgentState", DO_TIMEOUT_MS, "the agent's state could not be reached; try again");
  const issued = await issueControl(c.env, tenant, { kind: "agent.reinstate", agent_id: agentId, reason, actor_key_id: keyId });
  if (!issued.ok) throw new ProblemError("internal", issued.message);
  const control = issuedView(issued);
  if (!result.ok) {
    await recordAdminEvent(c.env, { tenant, actor: adminActor(principal), action: "agent.reinstate", target: { type: "agent", id: agentId }, before: { cloud: result.code }, after: { devices_control_seq: control.seq }, reason });
    return { ...result, control };
  }
  const { terminated_seq, terminated_decision_id } = result.agent;
  publishInBackground(c.executionCtx, c.env, tenant, [reinstatedEvent(tenant, { agent_id: agentId, operator_key_id: keyId, terminated_seq, terminated_decision_id }, Date.now())]);
  await recordAdminEvent(c.env, {
    tenant,
    actor: adminActor(principal),
    action: "agent.reinstate",
    target: { type: "agent", id: agentId },
    before: { terminated: true, terminated_seq, terminated_decision_id },
    after: { terminated: result.agent.terminated, strikes: result.agent.strikes, devices_control_seq: control.seq },
    reason,
  });
  return { ...result, control };
}
