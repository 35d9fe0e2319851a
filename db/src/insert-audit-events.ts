/**
 * Idempotent batch insert of audit events: the queue consumer may deliver a batch twice (retries,
 * redelivery after a crash), so a second insert of an event_id is a no-op, never a duplicate row.
 */
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { auditEvents, type NewAuditEvent } from "./schema.ts";

/** The part of a drizzle Postgres database this needs (Neon, node-postgres, …). */
export type AuditEventWriter = Pick<PgDatabase<PgQueryResultHKT>, "insert">;

/**
 * Insert `events` with `ON CONFLICT (event_id) DO NOTHING`; resolves with the event_ids actually
 * inserted now (already-present ones are left out, their stored row untouched). A different event
 * that claims a (tenant, leaf_index) already taken is a sequencing bug and is rejected by the unique
 * index, never hidden.
 *
 * @example
 * const inserted = await insertAuditEvents(db, batch);
 * inserted.length; // batch.length the first time, 0 on a redelivery
 */
export async function insertAuditEvents(db: AuditEventWriter, events: readonly NewAuditEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  try {
    const rows = await db
      .insert(auditEvents)
      .values([...events])
      .onConflictDoNothing({ target: auditEvents.eventId })
      .returning({ eventId: auditEvents.eventId });
    return rows.map((r) => r.eventId);
  } catch (error) {
    throw AuditInsertError.from(error, events.length);
  }
}

/**
 * A refused audit insert, carrying Postgres's SQLSTATE and constraint name but not the query
 * parameters (drizzle's own error message repeats every value; those must not reach logs).
 */
export class AuditInsertError extends Error {
  /** SQLSTATE, e.g. "23505" (unique violation), "23514" (check violation), "42501" (privilege). */
  readonly code: string | undefined;
  /** The constraint or index that refused the row, when Postgres names one. */
  readonly constraint: string | undefined;

  constructor(message: string, code: string | undefined, constraint: string | undefined) {
    super(message);
    this.name = "AuditInsertError";
    this.code = code;
    this.constraint = constraint;
  }

  /**
   * Wrap whatever the driver threw (drizzle puts the Postgres error in `cause`).
   *
   * @example
   * AuditInsertError.from(err, 3).message; // "inserting 3 audit events failed: duplicate key value … (audit_events_tenant_leaf_index_key)"
   */
  static from(error: unknown, count: number): AuditInsertError {
    const pg = (error instanceof Error && error.cause instanceof Error ? error.cause : error) as {
      message?: unknown;
      code?: unknown;
      constraint?: unknown;
    };
    const code = typeof pg.code === "string" ? pg.code : undefined;
    const constraint = typeof pg.constraint === "string" ? pg.constraint : undefined;
    const reason = typeof pg.message === "string" ? pg.message : "unknown error";
    const suffix = constraint === undefined ? "" : ` (${constraint})`;
    return new AuditInsertError(`inserting ${count} audit events failed: ${reason}${suffix}`, code, constraint);
  }
}
