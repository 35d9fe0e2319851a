/**
 * The outbound webhook API's answers as zod schemas, for the API description (`GET /v2/openapi.json`) and
 * the tests that check real answers against it: a subscription (never its secret), the same with its
 * secret (create and rotate only), one delivery of the delivery log, and the event body receivers get.
 */
import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "@nethical/durable-objects/webhook-outbox/types";
import { named } from "../openapi/components.ts";

/** An event type a subscription can ask for. */
export const WebhookEventType = named("WebhookEventType", z.enum(WEBHOOK_EVENT_TYPES));

/** A subscription as every read shows it. */
export const WebhookSubscription = named(
  "WebhookSubscription",
  z
    .object({
      id: z.string().describe("`sub_` and 32 hex digits"),
      url: z.string().describe("The target, canonicalised"),
      events: z.array(WebhookEventType),
      description: z.string().nullable(),
      created_at: z.string(),
      secret_rotated_at: z.string().nullable(),
      previous_secret_expires_at: z.string().nullable().describe("After a rotation, until when the previous secret also signs"),
    })
    .strict(),
);

/** A subscription just created or rotated: its signing secret, shown this once. */
export const WebhookSubscriptionWithSecret = named(
  "WebhookSubscriptionWithSecret",
  WebhookSubscription.extend({ secret: z.string().describe("`whsec_` + base64 of 32 random bytes; verify `webhook-signature` with it") }).strict(),
);

/** What receivers get: the Standard Webhooks payload shape. */
export const WebhookEvent = named(
  "WebhookEvent",
  z
    .object({
      type: WebhookEventType,
      timestamp: z.string().describe("When the event happened (ISO 8601)"),
      tenant: z.string(),
      data: z.record(z.string(), z.unknown()).describe("Ids, decision, laws, rules, risk, spans and hashes; never the raw action, raw PII or secrets"),
    })
    .strict(),
);

/** One delivery of the log. */
export const WebhookDelivery = named(
  "WebhookDelivery",
  z
    .object({
      id: z.string().describe("Also the `webhook-id` header: the same on every attempt and redelivery"),
      subscription_id: z.string(),
      event_type: WebhookEventType,
      status: z.enum(["pending", "delivered", "dead_lettered"]),
      created_at: z.string(),
      attempt_count: z.number().int(),
      last_status_code: z.number().int().nullable(),
      next_retry_at: z.string().nullable(),
      delivered_at: z.string().nullable(),
      dead_lettered_at: z.string().nullable(),
      attempts: z.array(
        z
          .object({
            attempt: z.number().int(),
            at: z.string(),
            status_code: z.number().int().nullable(),
            error: z.string().nullable().describe("`timeout`, `connection_failed` or `target_refused: <reason>` when no status came"),
            duration_ms: z.number(),
            manual: z.boolean().describe("An operator's redelivery"),
          })
          .strict(),
      ),
      payload: WebhookEvent,
    })
    .strict(),
);
