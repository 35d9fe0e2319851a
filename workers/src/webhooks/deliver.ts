/**
 * One delivery attempt: check the target again (the rules, or the environment, may have changed since the
 * subscription was made), sign, POST with a timeout and without following redirects, and classify the
 * answer. Only a 2xx counts as delivered. The receiver's body is never read or stored.
 */
import type { AttemptOutcome, DeliveryTicket } from "@nethical/durable-objects/webhook-outbox/types";
import { signatureHeaders } from "./sign.ts";
import { checkWebhookTarget } from "./target.ts";

/** How long a receiver has to answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** The outcome of an attempt, and whether retrying could help (a refused target cannot). */
export type AttemptResult = Omit<AttemptOutcome, "next_retry_at" | "manual"> & { retryable: boolean };

/**
 * Make one attempt of `ticket`.
 *
 * @example
 * const r = await attemptDelivery(ticket, env.ENVIRONMENT === "development"); // { ok: true, status_code: 200, … }
 */
export async function attemptDelivery(ticket: Extract<DeliveryTicket, { kind: "deliver" }>, development: boolean, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<AttemptResult> {
  const target = checkWebhookTarget(ticket.url, development);
  if (!target.ok) return { ok: false, status_code: null, error: `target_refused: ${target.reason}`, duration_ms: 0, retryable: false };
  const started = Date.now();
  try {
    const res = await fetch(target.url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Nethical-Webhooks/1", ...signatureHeaders(ticket.delivery_id, ticket.body, ticket.secrets, Date.now()) },
      body: ticket.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status_code: res.status, error: null, duration_ms: Date.now() - started, retryable: !ok };
  } catch (error) {
    const name = (error as Error)?.name;
    const timedOut = name === "TimeoutError" || name === "AbortError";
    return { ok: false, status_code: null, error: timedOut ? "timeout" : "connection_failed", duration_ms: Date.now() - started, retryable: true };
  }
}
