/**
 * Calling a Durable Object from a route: a deadline, and every failure turned into a problem response. A
 * typed failure (DurableObjectError, durable-objects/src/errors.ts) maps by its code; anything else (a
 * timeout, an unreachable object, an unknown error) is 503 `unavailable`. Refusals are not failures: they
 * come back as `{ ok: false, code }` results and each route maps its own.
 */
import { durableObjectErrorOf, type DurableObjectErrorCode } from "@nethical/durable-objects/errors";
import { ProblemError, type ProblemSlug } from "@nethical/http";
import { withTimeout } from "./decide/with-timeout.ts";

/** The Durable Objects the Worker calls. */
export type DurableObjectName = "AgentState" | "PolicyStore" | "AuditLog" | "WebhookOutbox" | "WebhookInbox" | "StreamHub" | "Oversight" | "MetricsStore";

/** Problem type and client-facing detail for each failure code (the DO's own detail is only logged). */
const PROBLEM_OF: Record<DurableObjectErrorCode, { slug: ProblemSlug; detail: string }> = {
  unknown_tenant: { slug: "not-found", detail: "no tenant with that id" },
  no_bundle: { slug: "unavailable", detail: "the tenant has no active policy bundle yet; try again" },
  bundle_refused: { slug: "unavailable", detail: "the tenant's policy bundle could not be verified; try again" },
  seq_not_growing: { slug: "conflict", detail: "another policy version was activated at the same time; try again" },
  invalid_call: { slug: "internal", detail: "the request could not be processed" },
  wrong_object: { slug: "internal", detail: "the request could not be processed" },
  misconfigured: { slug: "internal", detail: "the service is misconfigured" },
  signer_unavailable: { slug: "unavailable", detail: "the tree-head signing service is unavailable; try again" },
  socket_limit: { slug: "internal", detail: "the request could not be processed" },
  internal: { slug: "internal", detail: "the request could not be processed" },
  monitor_violation: { slug: "internal", detail: "the audit log failed a safety check and no tree head was signed; operators were alerted" },
};

/**
 * The problem for an error caught around a Durable Object call. Typed failures that are not the caller's
 * (all but `unknown_tenant` and `seq_not_growing`) are logged as one JSON line with the object and the code.
 *
 * @example
 * problemForDurableObject(new Error("[unknown_tenant] tenant does not exist"), "PolicyStore", "…").status; // 404
 */
export function problemForDurableObject(error: unknown, object: DurableObjectName, unreachable: string): ProblemError {
  if (error instanceof ProblemError) return error;
  const typed = durableObjectErrorOf(error);
  if (typed === undefined) return new ProblemError("unavailable", unreachable);
  const { slug, detail } = PROBLEM_OF[typed.code];
  if (typed.code !== "unknown_tenant" && typed.code !== "seq_not_growing") console.error(JSON.stringify({ event: "durable_object_error", object, code: typed.code, detail: typed.detail }));
  return new ProblemError(slug, detail);
}

/**
 * `promise` under a deadline; a failure becomes a problem (see {@link problemForDurableObject}).
 *
 * @example
 * const view = await callDurableObject(stub.snapshot(tenant, agentId, Date.now()), "AgentState", DO_TIMEOUT_MS,
 *   "the agent's state could not be reached; try again");
 */
export async function callDurableObject<T>(promise: Promise<T>, object: DurableObjectName, ms: number, unreachable: string): Promise<T> {
  try {
    return await withTimeout(promise, ms, object);
  } catch (error) {
    throw problemForDurableObject(error, object, unreachable);
  }
}
