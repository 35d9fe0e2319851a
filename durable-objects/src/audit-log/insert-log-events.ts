/**
 * Inserting log events of both kinds into Postgres: decisions into `audit_events`, admin events into
 * `admin_events`, each idempotent on event_id and isolating rows Postgres refuses for their content.
 * Used by the audit queue consumer and by the AuditLog's own re-drive.
 */
import { isAdminEvent, type AdminAuditEvent, type AuditEvent, type LogEvent } from "@nethical/core";
import { insertAdminEventsIsolating, insertAuditEventsIsolating, type AuditEventWriter, type IsolatedInsert } from "@nethical/db";
import { adminEventRow } from "./admin-row.ts";
import { auditRow } from "./audit-row.ts";

/**
 * Insert `items` (events with their leaf indices) into their tables; inserted and refused ids of both.
 *
 * @example
 * const { inserted, refused } = await insertLogEvents(db, [{ event, leaf_index: 3 }]);
 */
export async function insertLogEvents(db: AuditEventWriter, items: readonly { event: LogEvent; leaf_index: number }[]): Promise<IsolatedInsert> {
  const decisions = items.filter((i) => !isAdminEvent(i.event)).map((i) => auditRow(i.event as AuditEvent, i.leaf_index));
  const admin = items.filter((i) => isAdminEvent(i.event)).map((i) => adminEventRow(i.event as AdminAuditEvent, i.leaf_index));
  const a = decisions.length > 0 ? await insertAuditEventsIsolating(db, decisions) : { inserted: [], refused: [] };
  const b = admin.length > 0 ? await insertAdminEventsIsolating(db, admin) : { inserted: [], refused: [] };
  return { inserted: [...a.inserted, ...b.inserted], refused: [...a.refused, ...b.refused] };
}
