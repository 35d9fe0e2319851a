/**
 * The seam every admin change goes through to reach the audit trail: build the admin event (actor key id,
 * action, target, before/after; validated, no secrets) and send it on the same way as decisions — the
 * audit Queue, whose consumer appends it to the tenant's AuditLog (Merkle leaf) and inserts it into
 * Postgres (`admin_events`); if the Queue refuses, straight into the AuditLog, whose outbox re-drives it
 * into Postgres. Callers await it after the change is made and before they answer, so an admin change
 * that answered 2xx is on its way into the log; if both the Queue and the AuditLog fail it throws (the
 * change stands; the failure is logged with ids only and the caller answers 503).
 */
import { buildAdminEvent, type AdminActor, type AdminAuditEvent, type AdminEventInput } from "@nethical/core";
import type { Principal } from "../auth/principal.ts";
import { sendAuditEvents } from "./send-events.ts";

/** What {@link recordAdminEvent} takes: the event's content; `eventId`/`time` default to a UUID and now. */
export interface RecordAdminEventInput extends AdminEventInput {
  eventId?: string;
  time?: number;
}

/**
 * The actor of a change made by `principal`: its key id and role (`platform` for the bootstrap key).
 *
 * @example
 * adminActor(c.get("principal")); // { key_id: "k_7f…", role: "admin" }
 */
export function adminActor(principal: Principal): AdminActor {
  return principal.kind === "platform" ? { key_id: "platform", role: "platform" } : { key_id: principal.keyId, role: principal.role };
}

/**
 * Record one admin change in the tenant's audit trail; resolves with the event once it is on its way
 * (Queue, or appended directly). Throws a ZodError for an invalid event (a programming error: e.g. a
 * secret-looking field in before/after), or the send error when Queue and AuditLog both failed.
 *
 * @example
 * await recordAdminEvent(c.env, {
 *   tenant, actor: adminActor(c.get("principal")), action: "approval.approve",
 *   target: { type: "approval", id: approvalId }, before: { status: "pending" }, after: { status: "approved" },
 * });
 */
export async function recordAdminEvent(env: Env, input: RecordAdminEventInput): Promise<AdminAuditEvent> {
  const { eventId, time, ...content } = input;
  const event = buildAdminEvent(content, { eventId: eventId ?? crypto.randomUUID(), time: time ?? Date.now() });
  await sendAuditEvents(env, [event]);
  return event;
}
