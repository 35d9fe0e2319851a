/**
 * The AuditLog's own path into Postgres: events whose `in_db` is still 0 some time after they were
 * appended (the queue send failed and the Worker appended directly, a message was dead-lettered, or a
 * consumer stopped between appending and inserting) and signed tree heads not yet copied. Inserts are
 * idempotent on event_id, so racing the queue consumer never makes a second row. Decisions go to
 * `audit_events`, admin events to `admin_events`.
 */
import { treeHeads } from "@nethical/db";
import { treeHeadRow } from "./audit-row.ts";
import { insertLogEvents } from "./insert-log-events.ts";
import { markInDb, markRefusedByDb, pendingEvents, pendingCount } from "./event-table.ts";
import { openAuditDb, type AuditDbEnv } from "./postgres.ts";
import { markTreeHeadsInDb, unsyncedTreeHeads } from "./tree-head-table.ts";

/** Events younger than this are left to the queue consumer, which is about to insert them. */
export const REDRIVE_AFTER_MS = 30_000;
const CHUNK = 100;
const MAX_CHUNKS = 20;

/** What one re-drive did. `error` is the failure's name and SQLSTATE, never values or the URL. */
export interface RedriveResult {
  inserted: number;
  marked: number;
  /** Events Postgres refused for their content this time (now kept only in the AuditLog, `in_db = 2`). */
  refused: number;
  remaining: number;
  error: string | null;
}

/**
 * Insert pending events (appended before `now - REDRIVE_AFTER_MS`, or all with `all`) and unsynced
 * tree heads into Postgres; mark what Postgres now holds. Without DATABASE_URL: nothing to do.
 *
 * @example
 * const { remaining } = await redriveToPostgres(ctx.storage.sql, env, Date.now());
 */
export async function redriveToPostgres(sql: SqlStorage, env: AuditDbEnv, now: number, all = false): Promise<RedriveResult> {
  const handle = openAuditDb(env);
  if (handle === null) return { inserted: 0, marked: 0, refused: 0, remaining: pendingCount(sql), error: null };
  let inserted = 0;
  let marked = 0;
  let refused = 0;
  try {
    const before = all ? Number.MAX_SAFE_INTEGER : now - REDRIVE_AFTER_MS;
    for (let chunk = 0; chunk < MAX_CHUNKS; chunk++) {
      const pending = pendingEvents(sql, before, CHUNK);
      if (pending.length === 0) break;
      // A row Postgres refuses for its content holds back no other row, and leaves the outbox.
      const result = await insertLogEvents(handle.db, pending);
      inserted += result.inserted.length;
      const refusedIds = new Set(result.refused.map((r) => r.eventId));
      refused += markRefusedByDb(sql, [...refusedIds]);
      marked += markInDb(sql, pending.map((p) => p.event.event_id).filter((id) => !refusedIds.has(id)));
    }
    const heads = unsyncedTreeHeads(sql, CHUNK);
    if (heads.length > 0) {
      await handle.db.insert(treeHeads).values(heads.map((h) => treeHeadRow(h.head))).onConflictDoNothing();
      markTreeHeadsInDb(sql, heads.map((h) => h.id));
    }
    return { inserted, marked, refused, remaining: pendingCount(sql), error: null };
  } catch (error) {
    const e = error as { name?: string; code?: string };
    return { inserted, marked, refused, remaining: pendingCount(sql), error: `${e.name ?? "Error"}${e.code ? ` ${e.code}` : ""}` };
  } finally {
    await handle.close();
  }
}
