/**
 * The AuditLog's `events` table: one row per leaf with the event's canonical JSON (the leaf bytes), the
 * columns the API filters on, and `in_db` — whether Postgres is known to hold the row. Rows with
 * `in_db = 0` are the outbox the alarm re-inserts (after a queue send failure, a dead-lettered message,
 * or a consumer that stopped between appending and inserting).
 *
 * Admin events (`kind = 'admin'`) share the table and the leaf numbering: their `decision` is '' and
 * their `agent_id` is the target agent's id (or '' when the target is not an agent), so decision
 * filters never match them and an agent filter finds an agent's reinstatements with its decisions.
 * `kind` and `action` were added after the table existed: {@link ensureEventTable} adds them to old
 * tables (every earlier row is a decision).
 */
import { isAdminEvent, type LogEvent } from "@nethical/core";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  leaf_index INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  decision_id TEXT,
  agent_id TEXT NOT NULL,
  decision TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  body TEXT NOT NULL,
  appended_at INTEGER NOT NULL,
  in_db INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL DEFAULT 'decision',
  action TEXT
);
CREATE INDEX IF NOT EXISTS events_time ON events (time_ms, event_id);
CREATE INDEX IF NOT EXISTS events_agent_time ON events (agent_id, time_ms, event_id);
CREATE INDEX IF NOT EXISTS events_decision_time ON events (decision, time_ms, event_id);
CREATE INDEX IF NOT EXISTS events_decision_id ON events (decision_id) WHERE decision_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_outbox ON events (appended_at) WHERE in_db = 0;
`;
const KIND_INDEX = "CREATE INDEX IF NOT EXISTS events_kind_time ON events (kind, time_ms, event_id);";

/** One stored event. */
export interface StoredEvent {
  leaf_index: number;
  event: LogEvent;
  /** Canonical JSON of the event: the leaf bytes. */
  body: string;
  in_db: boolean;
}

type Row = { leaf_index: number; body: string; in_db: number };

function toStored(row: Row): StoredEvent {
  return { leaf_index: Number(row.leaf_index), event: JSON.parse(row.body) as LogEvent, body: row.body, in_db: Number(row.in_db) === 1 };
}

/**
 * Create the table and indexes.
 *
 * @example
 * ensureEventTable(ctx.storage.sql);
 */
export function ensureEventTable(sql: SqlStorage): void {
  sql.exec(SCHEMA);
  const columns = new Set(sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('events')").toArray().map((r) => r.name));
  if (!columns.has("kind")) sql.exec("ALTER TABLE events ADD COLUMN kind TEXT NOT NULL DEFAULT 'decision'");
  if (!columns.has("action")) sql.exec("ALTER TABLE events ADD COLUMN action TEXT");
  sql.exec(KIND_INDEX);
}

/**
 * Store an appended event at its leaf index.
 *
 * @example
 * insertEvent(sql, 7, event, canonicalJson(event), Date.now());
 */
export function insertEvent(sql: SqlStorage, leafIndex: number, event: LogEvent, body: string, now: number): void {
  if (isAdminEvent(event)) {
    sql.exec(
      "INSERT INTO events (leaf_index, event_id, decision_id, agent_id, decision, time_ms, body, appended_at, kind, action) VALUES (?, ?, NULL, ?, '', ?, ?, ?, 'admin', ?)",
      leafIndex, event.event_id, event.target.type === "agent" ? event.target.id : "", Date.parse(event.time), body, now, event.action,
    );
    return;
  }
  sql.exec(
    "INSERT INTO events (leaf_index, event_id, decision_id, agent_id, decision, time_ms, body, appended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    leafIndex, event.event_id, event.decision_id ?? null, event.agent_id, event.decision, Date.parse(event.time), body, now,
  );
}

/**
 * The event with this event id, or (when none) the first with this caller-chosen decision id.
 *
 * @example
 * findEvent(sql, "7d9e…")?.leaf_index; // 12
 */
export function findEvent(sql: SqlStorage, id: string): StoredEvent | null {
  const byEvent = sql.exec<Row>("SELECT leaf_index, body, in_db FROM events WHERE event_id = ?", id).toArray()[0];
  if (byEvent !== undefined) return toStored(byEvent);
  const byDecision = sql.exec<Row>("SELECT leaf_index, body, in_db FROM events WHERE decision_id = ? ORDER BY leaf_index LIMIT 1", id).toArray()[0];
  return byDecision === undefined ? null : toStored(byDecision);
}

/**
 * Events with leaf indices in [start, end), in order.
 *
 * @example
 * eventsInRange(sql, 0, 100).length; // ≤ 100
 */
export function eventsInRange(sql: SqlStorage, start: number, end: number): StoredEvent[] {
  return sql.exec<Row>("SELECT leaf_index, body, in_db FROM events WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index", start, end).toArray().map(toStored);
}

/** Filters of `GET /v2/decisions` and `GET /v2/audit/admin-events` (times in ms; `after` is the keyset cursor). */
export interface EventFilter {
  /** Only decisions or only admin events (default: both). */
  kind?: "decision" | "admin";
  /** Admin events of this action (`noun.verb`). */
  action?: string;
  agent_id?: string;
  decision?: string;
  from?: number;
  to?: number;
  after?: { time: number; event_id: string };
  limit: number;
}

/**
 * Events matching `filter`, oldest first, keyset-paged by (time, event_id).
 *
 * @example
 * listEvents(sql, { agent_id: "robot-7", limit: 50 });
 */
export function listEvents(sql: SqlStorage, filter: EventFilter): StoredEvent[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.kind !== undefined) (where.push("kind = ?"), args.push(filter.kind));
  if (filter.action !== undefined) (where.push("action = ?"), args.push(filter.action));
  if (filter.agent_id !== undefined) (where.push("agent_id = ?"), args.push(filter.agent_id));
  if (filter.decision !== undefined) (where.push("decision = ?"), args.push(filter.decision));
  if (filter.from !== undefined) (where.push("time_ms >= ?"), args.push(filter.from));
  if (filter.to !== undefined) (where.push("time_ms < ?"), args.push(filter.to));
  if (filter.after !== undefined) {
    where.push("(time_ms > ? OR (time_ms = ? AND event_id > ?))");
    args.push(filter.after.time, filter.after.time, filter.after.event_id);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
  return sql
    .exec<Row>(`SELECT leaf_index, body, in_db FROM events ${clause} ORDER BY time_ms, event_id LIMIT ?`, ...args, filter.limit)
    .toArray()
    .map(toStored);
}

/**
 * Events Postgres is not known to hold, appended before `before` (oldest first).
 *
 * @example
 * pendingEvents(sql, Date.now() - 30_000, 100);
 */
export function pendingEvents(sql: SqlStorage, before: number, limit: number): StoredEvent[] {
  return sql
    .exec<Row>("SELECT leaf_index, body, in_db FROM events WHERE in_db = 0 AND appended_at < ? ORDER BY appended_at, leaf_index LIMIT ?", before, limit)
    .toArray()
    .map(toStored);
}

/**
 * Number of events Postgres is not known to hold.
 *
 * @example
 * pendingCount(sql); // 0 when Postgres has everything
 */
export function pendingCount(sql: SqlStorage): number {
  return Number(sql.exec<{ n: number }>("SELECT count(*) AS n FROM events WHERE in_db = 0").one().n);
}

/**
 * Record that Postgres holds these events; returns how many rows changed.
 *
 * @example
 * markInDb(sql, ["7d9e…", "81aa…"]); // 2
 */
export function markInDb(sql: SqlStorage, eventIds: readonly string[]): number {
  let changed = 0;
  for (const id of eventIds) changed += sql.exec("UPDATE events SET in_db = 1 WHERE event_id = ? AND in_db = 0", id).rowsWritten;
  return changed;
}

/**
 * Record that Postgres refused these events for their content (a data exception; only possible for
 * events stored before the API refused such text): they stay in the AuditLog, signed and provable, with
 * `in_db = 2`, and leave the outbox so they never hold back other events. Returns how many rows changed.
 *
 * @example
 * markRefusedByDb(sql, ["7d9e…"]); // 1
 */
export function markRefusedByDb(sql: SqlStorage, eventIds: readonly string[]): number {
  let changed = 0;
  for (const id of eventIds) changed += sql.exec("UPDATE events SET in_db = 2 WHERE event_id = ? AND in_db = 0", id).rowsWritten;
  return changed;
}

/**
 * Number of events Postgres refused (kept only in the AuditLog).
 *
 * @example
 * refusedCount(sql); // 0 normally
 */
export function refusedCount(sql: SqlStorage): number {
  return Number(sql.exec<{ n: number }>("SELECT count(*) AS n FROM events WHERE in_db = 2").one().n);
}


/** Decisions of one fairness cohort with one outcome (`GET /v2/fairness` without Postgres). */
export interface CohortCountRow {
  cohort: string;
  decision: string;
  n: number;
}

/**
 * Decision counts per (cohort id, decision) of events stamped with cohort `field`, in [from, to) ms.
 * A scan of the time range (the fallback without Postgres, where an index serves it). Only decisions the
 * Worker stamped count: a device has no salt, so a cohort in an uploaded event is not trusted.
 *
 * @example
 * cohortCounts(sql, "applicant_group", 0, Date.now()); // [{ cohort: "9f2c…", decision: "ALLOW", n: 80 }, …]
 */
export function cohortCounts(sql: SqlStorage, field: string, from: number, to: number): CohortCountRow[] {
  return sql
    .exec<{ cohort: string; decision: string; n: number }>(
      `SELECT json_extract(body, '$.cohort.id') AS cohort, decision, count(*) AS n FROM events
       WHERE kind = 'decision' AND time_ms >= ? AND time_ms < ? AND json_extract(body, '$.cohort.field') = ?
         AND json_extract(body, '$.source') = 'edge-worker'
       GROUP BY cohort, decision ORDER BY cohort, decision`,
      from, to, field,
    )
    .toArray()
    .map((r) => ({ cohort: String(r.cohort), decision: String(r.decision), n: Number(r.n) }));
}
