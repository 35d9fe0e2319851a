/**
 * Standard Webhooks signing (the `standardwebhooks` package, as inbound verification uses): HMAC-SHA256
 * over `<webhook-id>.<webhook-timestamp>.<body>` with the subscription's `whsec_` secret, `v1,<base64>`.
 * During a secret rotation both the new and the previous secret sign (space-separated), so a receiver
 * holding either one verifies.
 */
import { Webhook } from "standardwebhooks";

/** The three Standard Webhooks headers. */
export interface SignatureHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/**
 * Sign `body` as message `id` at `now` with every secret in `secrets`.
 *
 * @example
 * signatureHeaders("msg_2b…", "{\"type\":\"decision.blocked\",…}", ["whsec_…"], Date.now());
 */
export function signatureHeaders(id: string, body: string, secrets: readonly string[], now: number): SignatureHeaders {
  const at = new Date(Math.floor(now / 1000) * 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(now / 1000)),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(id, at, body)).join(" "),
  };
}
