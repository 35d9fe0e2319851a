/**
 * Inbound webhooks: what the WebhookInbox Durable Object hands the Worker — secret views (never the
 * secret but at creation or rotation), and the idempotency answer for a `webhook-id`.
 */
import type { Refusal } from "../errors.ts";

/** An inbound signing secret as the API shows it: never the secret itself. */
export interface InboundSecretView {
  /** `whk_` and 32 hex digits. */
  id: string;
  source: string;
  created_at: string;
  /** When it stops verifying (set on the previous secret by a rotation); null = until retired. */
  expires_at: string | null;
}

/** A secret just created or rotated in: the `whsec_…` value is in this answer only. */
export interface InboundSecretCreated {
  ok: true;
  view: InboundSecretView;
  secret: string;
}

/** The result of `createSecret`: refused when the source already has a secret (rotate it instead). */
export type CreateInboundSecretResult = InboundSecretCreated | Refusal<"exists">;

/** The result of `rotateSecret`: refused when there is nothing to rotate, or two secrets are valid already. */
export type RotateInboundSecretResult = InboundSecretCreated | Refusal<"none" | "two_valid">;

/** The first answer to a webhook, kept for its sender's retries. */
export interface StoredAnswer {
  status: number;
  /** The JSON body exactly as first sent. */
  body: string;
  headers: Record<string, string>;
}

/**
 * What `claim` says about a `webhook-id`: first time (evaluate it), a replay (a signed timestamp already
 * received under the id: refuse it), a retry of the same body (here is the first answer), the same id with
 * another body, or the first delivery still being decided.
 */
export type ClaimResult =
  | { kind: "new" }
  | { kind: "replayed" }
  | { kind: "retry"; answer: StoredAnswer }
  | { kind: "mismatch" }
  | { kind: "in_progress" };
