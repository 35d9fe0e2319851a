/**
 * The tenant's WebhookInbox Durable Object stub (through the residency seam, in the tenant's jurisdiction),
 * and calls to it with a deadline.
 */
import { webhookInboxFor } from "@nethical/durable-objects/residency/by-tenant";
import { DO_TIMEOUT_MS } from "../../decide/with-timeout.ts";
import { callDurableObject } from "../../durable-object-call.ts";

/**
 * The WebhookInbox of `tenant`.
 *
 * @example
 * await webhookInboxStub(env, "acme").listSecrets("acme", "openai", Date.now());
 */
export function webhookInboxStub(env: Env, tenant: string) {
  return webhookInboxFor(env, tenant);
}

/**
 * Call the tenant's WebhookInbox with a deadline; 503 problem when it cannot be reached.
 *
 * @example
 * const secrets = await callInbox(env, "acme", (i) => i.verificationSecrets("acme", "openai", Date.now()));
 */
export function callInbox<T>(env: Env, tenant: string, fn: (inbox: ReturnType<typeof webhookInboxStub>) => Promise<T>): Promise<T> {
  return callDurableObject(fn(webhookInboxStub(env, tenant)), "WebhookInbox", DO_TIMEOUT_MS, "the webhook inbox could not be reached; try again");
}
