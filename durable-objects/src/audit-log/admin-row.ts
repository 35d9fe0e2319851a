/**
 * Mapping between an admin audit event and its Postgres row (`admin_events`, db/src/schema.ts). The row
 * holds every field of the event, so the event — and its Merkle leaf — can be rebuilt from the row alone.
 */
import type { AdminAuditEvent } from "@nethical/core";
import type { AdminEventRow, NewAdminEvent } from "@nethical/db";

/**
 * The row to insert for `event` at `leafIndex`.
 *
 * @example
 * await insertAdminEvents(db, [adminEventRow(event, 12)]);
 */
export function adminEventRow(event: AdminAuditEvent, leafIndex: number): NewAdminEvent {
  return {
    eventId: event.event_id,
    tenant: event.tenant,
    occurredAt: new Date(event.time),
    actorKeyId: event.actor.key_id,
    actorRole: event.actor.role,
    action: event.action,
    targetType: event.target.type,
    targetId: event.target.id,
    before: event.before,
    after: event.after,
    reason: event.reason ?? null,
    leafIndex,
  };
}

/**
 * The event (and leaf index) a stored row describes.
 *
 * @example
 * const { event, leaf_index } = adminEventFromRow(row);
 */
export function adminEventFromRow(row: AdminEventRow): { event: AdminAuditEvent; leaf_index: number } {
  const event: AdminAuditEvent = {
    kind: "admin",
    event_id: row.eventId,
    tenant: row.tenant,
    time: row.occurredAt.toISOString(),
    actor: { key_id: row.actorKeyId, role: row.actorRole },
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    before: row.before as AdminAuditEvent["before"],
    after: row.after as AdminAuditEvent["after"],
    ...(row.reason !== null ? { reason: row.reason } : {}),
  };
  return { event, leaf_index: row.leafIndex };
}
