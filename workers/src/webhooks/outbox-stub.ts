/**
 * The tenant's WebhookOutbox Durable Object stub (through the residency seam, in the tenant's jurisdiction),
 * and calls to it with a deadline.
 */
import { webhookOutboxFor } from "@nethical/durable-objects/residency/by-tenant";
import { DO_TIMEOUT_MS } from "../decide/with-timeout.ts";
import { callDurableObject } from "../durable-object-call.ts";

/**
 * The WebhookOutbox of `tenant`.
 *
 * @example
 * await webhookOutboxStub(env, "acme").listSubscriptions("acme", Date.now());
 */
export function webhookOutboxStub(env: Env, tenant: string) {
  return webhookOutboxFor(env, tenant);
}

/**
 * Call the tenant's WebhookOutbox with a deadline; 503 problem when it cannot be reached.
 *
 * @example
 * const subs = await callOutbox(env, "acme", (o) => o.listSubscriptions("acme", Date.now()));
 */
export function callOutbox<T>(env: Env, tenant: string, fn: (outbox: ReturnType<typeof webhookOutboxStub>) => Promise<T>): Promise<T> {
  return callDurableObject(fn(webhookOutboxStub(env, tenant)), "WebhookOutbox", DO_TIMEOUT_MS, "the webhook store could not be reached; try again");
}
