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

/** The outcome of {@link insertAuditEventsIsolating}: what went in, and each row Postgres refused. */
export interface IsolatedInsert {
  inserted: string[];
  refused: { eventId: string; code: string | undefined }[];
}

/**
 * Like {@link insertAuditEvents}, but a row Postgres refuses for its own content (SQLSTATE class 22, data
 * exception, or 23, integrity constraint) holds back no other row: the batch is split in halves until the
 * refused rows stand alone. Other failures (connection, privilege) still throw for the whole batch.
 *
 * @example
 * const { inserted, refused } = await insertAuditEventsIsolating(db, batch);
 * refused; // [] normally; [{ eventId, code: "22021" }] for a row with a byte Postgres cannot store
 */
export async function insertAuditEventsIsolating(db: AuditEventWriter, events: readonly NewAuditEvent[]): Promise<IsolatedInsert> {
  try {
    return { inserted: await insertAuditEvents(db, events), refused: [] };
  } catch (error) {
    if (!(error instanceof AuditInsertError) || !isRowContentError(error.code)) throw error;
    if (events.length === 1) return { inserted: [], refused: [{ eventId: (events[0] as NewAuditEvent).eventId, code: error.code }] };
    const mid = Math.ceil(events.length / 2);
    const first = await insertAuditEventsIsolating(db, events.slice(0, mid));
    const second = await insertAuditEventsIsolating(db, events.slice(mid));
    return { inserted: [...first.inserted, ...second.inserted], refused: [...first.refused, ...second.refused] };
  }
}

function isRowContentError(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith("22") || code.startsWith("23"));
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
