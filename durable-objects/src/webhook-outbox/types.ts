/**
 * Outbound webhooks: the event types a tenant can subscribe to, and what the WebhookOutbox Durable Object
 * hands the Worker (subscriptions without secrets, the delivery log, a delivery ticket for the consumer).
 */

/** The event types, in the order the API documents them. */
export const WEBHOOK_EVENT_TYPES = ["decision.blocked", "decision.terminated", "agent.terminated", "agent.reinstated", "policy.activated", "slo.breached", "monitor.violation"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** One event to deliver to every subscription that wants its type. */
export interface OutboundEvent {
  type: WebhookEventType;
  /** Unique per source occurrence (e.g. "decision.blocked:<event_id>"): the same key is delivered once per subscription. */
  key: string;
  /** The JSON body, exactly as it is signed and sent (never secrets or raw PII). */
  body: string;
}

/** A subscription as the API shows it: never its secret. */
export interface SubscriptionView {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  created_at: string;
  secret_rotated_at: string | null;
  /** While the previous secret still signs too (after a rotation), when it stops. */
  previous_secret_expires_at: string | null;
}

/** A subscription just created or with a rotated secret: the secret is shown this once. */
export interface SubscriptionWithSecret {
  subscription: SubscriptionView;
  secret: string;
}

/** Where a delivery is. */
export type DeliveryStatus = "pending" | "delivered" | "dead_lettered";

/** One attempt of a delivery. */
export interface AttemptView {
  attempt: number;
  at: string;
  /** The receiver's HTTP status, or null when no answer came (timeout, connection failure, refused target). */
  status_code: number | null;
  /** Why the attempt failed without a status (`timeout`, `connection_failed`, `target_refused: <reason>`), else null. */
  error: string | null;
  duration_ms: number;
  /** An operator's redelivery rather than the queue's own attempt. */
  manual: boolean;
}

/** One event for one subscription, with its attempts (newest last). */
export interface DeliveryView {
  /** Also the `webhook-id` header: the same on every attempt, so receivers can drop duplicates. */
  id: string;
  subscription_id: string;
  event_type: WebhookEventType;
  status: DeliveryStatus;
  created_at: string;
  attempt_count: number;
  last_status_code: number | null;
  next_retry_at: string | null;
  delivered_at: string | null;
  dead_lettered_at: string | null;
  attempts: AttemptView[];
  /** The body that is (or was) sent. */
  payload: unknown;
}

/** What the delivery queue carries: ids only (the consumer looks the target, secret and body up). */
export interface DeliveryJob {
  tenant: string;
  subscription_id: string;
  delivery_id: string;
  /** True for an operator's redelivery. */
  manual?: boolean;
}

/** What the consumer needs for one attempt; or why there is nothing to send. */
export type DeliveryTicket =
  | { kind: "deliver"; url: string; secrets: string[]; body: string; delivery_id: string; attempt: number }
  | { kind: "skip"; reason: "delivered" | "no_subscription" | "no_delivery" | "dead_lettered" }
  | { kind: "busy" };

/** The outcome of one attempt, as the consumer reports it. */
export interface AttemptOutcome {
  ok: boolean;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  manual: boolean;
  /** When the queue will try again (ms since the epoch), or null when this was the last try. */
  next_retry_at: number | null;
}
