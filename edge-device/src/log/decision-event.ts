/**
 * What the device records for each decision: core's AuditEvent (shared/src/audit/event.ts, source
 * "device"), built synchronously — the same fields and id rule as `auditEventFromDecision`, with the
 * request hash from node:crypto so the decision path never awaits — plus the device's own facts (mode,
 * bundle seq, agent seq, fail-closed reason) kept beside it. The raw request is never stored: only its
 * SHA-256 over canonical JSON (identical to core's `requestHash`).
 */
import { createHash, randomUUID } from "node:crypto";
import { auditEventId, buildAuditEvent, canonicalJson, type EvaluateRequest, type EvaluateResponse } from "@nethical/core";
import type { AuditEvent } from "@nethical/core/audit/event.ts";
import type { FailClosedReason, Mode } from "../governor/mode.ts";

/** Device facts stored beside each audit event (not uploaded as part of the event). */
export interface DeviceFacts {
  mode: Mode;
  bundle_seq: number;
  agent_seq: number;
  fail_closed?: FailClosedReason;
}

/** Policy hash recorded when no verified bundle existed (as the Worker records it). */
export const NO_POLICY_HASH = "unavailable";

/**
 * SHA-256 (hex) of the request's canonical JSON (same value as core's async `requestHash`).
 *
 * @example
 * requestDigest({ agent_id: "a", action: "x", action_type: "query" }).length; // 64
 */
export function requestDigest(request: EvaluateRequest): string {
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}

/**
 * The audit event of a device decision. When the caller chose the decision id (`request_id`), the event
 * gets a fresh id and keeps the caller's as `decision_id` (a reused request id never hides a decision).
 *
 * @example
 * const event = deviceAuditEvent({ tenant: "acme", deviceId: "robot-7", request, response, time: Date.now(), latencyMs: 0.02, policyHash });
 */
export function deviceAuditEvent(input: {
  tenant: string;
  deviceId: string;
  request: EvaluateRequest;
  response: EvaluateResponse;
  time: number;
  latencyMs: number;
  policyHash: string | null;
}): AuditEvent {
  const { request, response } = input;
  return buildAuditEvent(
    {
      tenant: input.tenant,
      request,
      response,
      time: input.time,
      latencyMs: input.latencyMs,
      policyHash: input.policyHash ?? NO_POLICY_HASH,
      source: "device",
      deviceId: input.deviceId,
      eventId: auditEventId(request, response, randomUUID),
    },
    requestDigest(request),
  );
}
