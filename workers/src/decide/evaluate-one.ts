/**
 * One action decided the way `POST /v2/evaluate` decides it: the tenant's policy and the agent's state
 * (decideRequests), the audit event recorded after the response (recordInBackground), and the decision's
 * response headers. Shared by `POST /v2/evaluate` and the inbound webhooks (`POST /v2/webhooks/{source}`).
 */
import type { Context } from "hono";
import type { EvaluateRequest, EvaluateResponse } from "@nethical/core";
import { elapsedMs } from "@nethical/http";
import type { AppEnv } from "../app-env.ts";
import { auditEventIds, recordInBackground } from "../audit/record-decisions.ts";
import { decisionHeaders } from "../routes/decision-headers.ts";
import { decideRequests } from "./decide-requests.ts";
import { checkRetryApproval, settleApprovals } from "../approvals/settle-approvals.ts";
import { requesterOf } from "../approvals/requester.ts";

/** A decided action: the response body and its headers. */
export interface EvaluatedAction {
  body: EvaluateResponse & { latency_ms: number };
  headers: Record<string, string>;
}

/**
 * Decide `request` for `tenant` and have it audited after the response.
 *
 * @example
 * const { body, headers } = await evaluateOne(c, tenant, request);
 * return c.json(body, 200, headers);
 */
export async function evaluateOne(c: Context<AppEnv>, tenant: string, request: EvaluateRequest): Promise<EvaluatedAction> {
  const now = Date.now();
  await checkRetryApproval(c.env, tenant, request, now); // a retry whose approval cannot be used: a problem, nothing decided
  const decided = await decideRequests(c.env, tenant, [request], now, (work) => c.executionCtx.waitUntil(work));
  const [outcome] = await settleApprovals(c.env, tenant, requesterOf(c), [request], decided, now);
  if (outcome === undefined) throw new Error("no outcome");
  const latency = elapsedMs(c.get("startedAt"));
  const eventIds = auditEventIds([request], [outcome]);
  recordInBackground(c.executionCtx, c.env, { tenant, requests: [request], outcomes: [outcome], eventIds, time: now, latencyMs: latency, route: c.req.routePath });
  const headers = { ...decisionHeaders(outcome), "x-nethical-latency-ms": String(latency), "x-nethical-audit-event-id": eventIds[0] as string };
  return { body: { ...outcome.response, latency_ms: latency }, headers };
}
