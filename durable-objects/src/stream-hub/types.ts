/**
 * Live streams (GET /v2/streams/…): what a stream token is bound to, the decided events the hub fans out,
 * the limits of one connection, and the messages of the protocol (README "Live streams").
 */
import { z } from "zod";

/** The stream kinds: every decision, one message per violation, or one agent's decisions. */
export const STREAM_KINDS = ["decisions", "violations", "agent"] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

/** Decisions a filter may name. */
export const STREAM_DECISIONS = ["ALLOW", "RESTRICT", "BLOCK", "TERMINATE"] as const;

/** Unacknowledged messages in flight per connection: default, and the most a token may ask for. */
export const DEFAULT_STREAM_WINDOW = 64;
export const MAX_STREAM_WINDOW = 256;
/** Messages held per connection beyond the window (oldest dropped first): default and most. */
export const DEFAULT_STREAM_BUFFER = 256;
export const MAX_STREAM_BUFFER = 1_024;
/** Server heartbeat interval in seconds: default, least and most. */
export const DEFAULT_HEARTBEAT_SECONDS = 30;
export const MIN_HEARTBEAT_SECONDS = 1;
export const MAX_HEARTBEAT_SECONDS = 300;
/** Lifetime of a stream token. */
export const STREAM_TOKEN_TTL_MS = 60_000;
/** Open streams per tenant hub (workerd allows 32,768 hibernatable sockets per object; this is ours). */
export const MAX_STREAMS_PER_TENANT = 1_000;

/** What a token opens: the kind (and agent for `agent`), its filters and its connection limits. */
export const StreamBindingSchema = z
  .object({
    kind: z.enum(STREAM_KINDS),
    /** For kind `agent`: the agent whose decisions are streamed. */
    agent: z.string().min(1).max(256).optional(),
    /** Only these agents (any of them). */
    agent_id: z.array(z.string().min(1).max(256)).min(1).max(100).optional(),
    /** Only these decisions. */
    decision: z.array(z.enum(STREAM_DECISIONS)).min(1).max(4).optional(),
    /** Only violations of these laws (decisions: at least one such violation). */
    law: z.array(z.number().int().min(1).max(25)).min(1).max(25).optional(),
    window: z.number().int().min(1).max(MAX_STREAM_WINDOW),
    buffer: z.number().int().min(0).max(MAX_STREAM_BUFFER),
    heartbeat_seconds: z.number().int().min(MIN_HEARTBEAT_SECONDS).max(MAX_HEARTBEAT_SECONDS),
  })
  .strict();
export type StreamBinding = z.infer<typeof StreamBindingSchema>;

/** One decided event as streamed: ids, decision, laws, violations (spans, never raw text), hashes. */
export interface StreamDecision {
  event_id: string;
  agent_id: string;
  decision: string;
  violations: readonly { law: number; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** A message the hub queues for one connection (seq assigned, `dropped` added when it is sent). */
export interface StreamItem {
  type: "decision" | "violation";
  seq: number;
  data: Record<string, unknown>;
}

/** Result of consuming a token at upgrade time. */
export type TokenCheck = { ok: true; binding: StreamBinding } | { ok: false; reason: "unknown" | "expired" | "other_stream" };

/** One connection's counters (GET-free introspection for tests and operations). */
export interface StreamConnectionStats {
  kind: StreamKind;
  seq: number;
  in_flight: number;
  queued: number;
  dropped: number;
  heartbeats: number;
}
