/**
 * Turning a decision into its audit event. The event id is the decision id when the server made that id;
 * when the caller chose it (`request_id`), a reused id must not make a second, different decision vanish
 * as a "duplicate", so the event gets its own fresh id and keeps the caller's as `decision_id`.
 */
import type { EvaluateRequest } from "../schemas/action.ts";
import type { EvaluateResponse } from "../schemas/response.ts";
import { AuditEventSchema, type AuditEvent } from "./event.ts";
import { requestHash } from "./leaf.ts";

/** What one decision contributes to its audit event. */
export interface DecisionRecord {
  tenant: string;
  request: EvaluateRequest;
  response: EvaluateResponse;
  /** When the decision was made (ms since the epoch; the adapter's clock, not core's). */
  time: number;
  latencyMs: number;
  /** Full SHA-256 of the policy bundle that decided ("unavailable" when none could be loaded). */
  policyHash: string;
  source: AuditEvent["source"];
  deviceId?: string;
  /** The event id, from {@link auditEventId}. */
  eventId: string;
}

/**
 * The audit event id of a decision: its decision id, unless the caller chose that id (`request_id`), in
 * which case `freshId()` (adapters pass `() => crypto.randomUUID()`; core itself has no randomness).
 *
 * @example
 * auditEventId(request, response, () => crypto.randomUUID()); // response.decision_id without request_id
 */
export function auditEventId(request: EvaluateRequest, response: EvaluateResponse, freshId: () => string): string {
  return request.request_id !== undefined && request.request_id === response.decision_id ? freshId() : response.decision_id;
}

/**
 * Build (and validate) the audit event of one decision; `decision_id` is kept when it is not the event id.
 *
 * @example
 * const eventId = auditEventId(request, response, () => crypto.randomUUID());
 * const event = await auditEventFromDecision({ ...record, eventId });
 */
export async function auditEventFromDecision(record: DecisionRecord): Promise<AuditEvent> {
  return AuditEventSchema.parse(buildAuditEvent(record, await requestHash(record.request)));
}

/**
 * The audit event of one decision, given the request's SHA-256 (hex, over its canonical JSON): the
 * synchronous core of {@link auditEventFromDecision}, for adapters that must not await on the decision
 * path (the edge device hashes with node:crypto). Not validated: callers building from trusted values.
 *
 * @example
 * const event = buildAuditEvent({ ...record, eventId }, sha256HexOfCanonicalRequest);
 */
export function buildAuditEvent(record: DecisionRecord, requestHashHex: string): AuditEvent {
  const { request, response } = record;
  return {
    event_id: record.eventId,
    ...(record.eventId !== response.decision_id ? { decision_id: response.decision_id } : {}),
    tenant: record.tenant,
    agent_id: request.agent_id,
    time: new Date(record.time).toISOString(),
    request_hash: requestHashHex,
    decision: response.decision,
    risk_score: response.risk_score,
    violations: response.violations,
    obligations: response.obligations,
    explanation: response.explanation,
    policy_version: response.policy_version,
    policy_hash: record.policyHash,
    latency_ms: Math.max(0, record.latencyMs),
    source: record.source,
    ...(record.deviceId !== undefined ? { device_id: record.deviceId } : {}),
  };
}
