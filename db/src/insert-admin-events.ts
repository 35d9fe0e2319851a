/**
 * Idempotent batch insert of admin audit events (`admin_events`), the counterpart of
 * insert-audit-events.ts for decisions: a redelivered event_id is a no-op, and a row Postgres refuses for
 * its own content (SQLSTATE class 22 or 23) holds back no other row.
 */
import { adminEvents, type NewAdminEvent } from "./schema.ts";
import { AuditInsertError, type AuditEventWriter, type IsolatedInsert } from "./insert-audit-events.ts";

/**
 * Insert `events` with `ON CONFLICT (event_id) DO NOTHING`; resolves with the event_ids inserted now.
 *
 * @example
 * await insertAdminEvents(db, [adminEventRow(event, 12)]); // ["<event id>"] the first time, [] after
 */
export async function insertAdminEvents(db: AuditEventWriter, events: readonly NewAdminEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  try {
    const rows = await db
      .insert(adminEvents)
      .values([...events])
      .onConflictDoNothing({ target: adminEvents.eventId })
      .returning({ eventId: adminEvents.eventId });
    return rows.map((r) => r.eventId);
  } catch (error) {
    throw AuditInsertError.from(error, events.length);
  }
}

/**
 * Like {@link insertAdminEvents}, splitting the batch until rows Postgres refuses for their content stand
 * alone (reported in `refused`); connection and privilege failures still throw for the whole batch.
 *
 * @example
 * const { inserted, refused } = await insertAdminEventsIsolating(db, rows);
 */
export async function insertAdminEventsIsolating(db: AuditEventWriter, events: readonly NewAdminEvent[]): Promise<IsolatedInsert> {
  try {
    return { inserted: await insertAdminEvents(db, events), refused: [] };
  } catch (error) {
    const code = error instanceof AuditInsertError ? error.code : undefined;
    if (code === undefined || !(code.startsWith("22") || code.startsWith("23"))) throw error;
    if (events.length === 1) return { inserted: [], refused: [{ eventId: (events[0] as NewAdminEvent).eventId, code }] };
    const mid = Math.ceil(events.length / 2);
    const first = await insertAdminEventsIsolating(db, events.slice(0, mid));
    const second = await insertAdminEventsIsolating(db, events.slice(mid));
    return { inserted: [...first.inserted, ...second.inserted], refused: [...first.refused, ...second.refused] };
  }
}
