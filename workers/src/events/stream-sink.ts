/**
 * The live-stream decision sink: decided events go to the tenant's StreamHub, which fans them out to the
 * open streams (GET /v2/streams/…). Publishing never waits for a reader (the hub only queues), and when the
 * hub answers that no stream is open, this isolate skips the tenant's publishes for NO_LISTENER_MEMO_MS —
 * so a tenant without streams costs one Durable Object call per isolate every few seconds, not one per
 * decision. The price: a stream opened through another isolate may miss up to that long of decisions
 * (a token issued through this isolate clears its memo at once).
 */
import type { AuditEvent } from "@nethical/core";
import { streamHubFor } from "@nethical/durable-objects/residency/by-tenant";
import type { StreamDecision } from "@nethical/durable-objects/stream-hub/types";
import { withTimeout } from "../decide/with-timeout.ts";
import { decisionData } from "../webhooks/events.ts";

/** How long an isolate remembers that a tenant has no open stream. */
export const NO_LISTENER_MEMO_MS = 5_000;
/** Deadline for handing events to the hub. */
export const STREAM_PUBLISH_TIMEOUT_MS = 2_000;
/** Tenants remembered at most (the memo is forgotten whole beyond that). */
const MEMO_LIMIT = 10_000;

/** Tenant → until when (ms) it is known to have no open stream, in this isolate. */
const noListenersUntil = new Map<string, number>();

/**
 * The tenant's StreamHub (through the residency seam, in the tenant's jurisdiction).
 *
 * @example
 * await streamHubStub(env, "acme").streams("acme");
 */
export function streamHubStub(env: Env, tenant: string) {
  return streamHubFor(env, tenant);
}

/**
 * Forget that `tenant` had no streams (a stream is about to open through this isolate).
 *
 * @example
 * expectListeners("acme");
 */
export function expectListeners(tenant: string): void {
  noListenersUntil.delete(tenant);
}

/**
 * A decision as streamed: the webhook `data` (ids, decision, laws, violations with spans, hashes; never
 * the raw request).
 *
 * @example
 * streamDecision(event).decided_at; // event.time
 */
export function streamDecision(event: AuditEvent): StreamDecision {
  return decisionData(event) as StreamDecision;
}

/**
 * Publish `events` to the tenant's hub unless it is known to have no listeners; whether a call was made.
 *
 * @example
 * await publishToStreams(env, "acme", events, Date.now());
 */
export async function publishToStreams(env: Env, tenant: string, events: readonly AuditEvent[], now: number): Promise<boolean> {
  const until = noListenersUntil.get(tenant);
  if (until !== undefined && until > now) return false;
  const open = await withTimeout(streamHubStub(env, tenant).publish(tenant, events.map(streamDecision)), STREAM_PUBLISH_TIMEOUT_MS, "StreamHub");
  if (open === 0) {
    if (noListenersUntil.size >= MEMO_LIMIT) noListenersUntil.clear();
    noListenersUntil.set(tenant, now + NO_LISTENER_MEMO_MS);
  } else {
    noListenersUntil.delete(tenant);
  }
  return true;
}

/**
 * The decision sink (events/decision-fan-out.ts) for live streams.
 *
 * @example
 * DECISION_SINKS.push(streamDecisionSink);
 */
export const streamDecisionSink = {
  name: "streams",
  async publish(env: Env, tenant: string, events: readonly AuditEvent[]): Promise<void> {
    await publishToStreams(env, tenant, events, Date.now());
  },
};
