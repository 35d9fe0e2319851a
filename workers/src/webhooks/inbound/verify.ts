/**
 * Verifying an inbound webhook (Standard Webhooks, the `standardwebhooks` package): HMAC-SHA256 over
 * `<webhook-id>.<webhook-timestamp>.<body>`, any of the `v1,` signatures in `webhook-signature` matching any
 * of the tenant's valid secrets (two during a rotation), and a timestamp within the package's tolerance of
 * 5 minutes either way (the replay window). Every failure is the same `false`: the caller answers one 401.
 */
import { Webhook } from "standardwebhooks";

/** The Standard Webhooks headers of a delivery. */
export interface WebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** A usable `webhook-id`: 1–128 visible ASCII characters (it keys idempotency and is stored). */
export const WEBHOOK_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

/**
 * The three headers from a request, or null when one is missing or the id is not usable.
 *
 * @example
 * const headers = webhookHeadersOf(c.req.raw.headers); // { "webhook-id": "msg_2b…", … } | null
 */
export function webhookHeadersOf(headers: Headers): WebhookHeaders | null {
  const id = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signature = headers.get("webhook-signature");
  if (id === null || timestamp === null || signature === null || !WEBHOOK_ID_PATTERN.test(id)) return null;
  return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature };
}

/**
 * Whether `body` was signed, within the replay window, with one of `secrets`.
 *
 * @example
 * verifyWebhook(rawBody, headers, ["whsec_…", "whsec_…"]); // true | false
 */
export function verifyWebhook(body: string, headers: WebhookHeaders, secrets: readonly string[]): boolean {
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(body, { ...headers }, { jsonParse: false });
      return true;
    } catch {
      // wrong secret, stale or future timestamp, malformed header: try the next secret
    }
  }
  return false;
}
