/**
 * The per-subscription delivery log (`webhook_deliveries`, `webhook_attempts`): one row per event per
 * subscription (its id is the `webhook-id`), its status, and its attempts with status codes. Bounded:
 * a subscription keeps its newest {@link KEEP_FINISHED} finished deliveries, at most {@link HARD_CAP} in all
 * (beyond that the oldest go, pending or not), and each delivery its last {@link KEEP_ATTEMPTS} attempts.
 */
import type { AttemptOutcome, AttemptView, DeliveryStatus, DeliveryView, WebhookEventType } from "./types.ts";

/** Finished (delivered or dead-lettered) deliveries kept per subscription. */
export const KEEP_FINISHED = 200;
/** Deliveries kept per subscription whatever their status. */
export const HARD_CAP = 2000;
/** Attempts kept per delivery. */
export const KEEP_ATTEMPTS = 25;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  subscription_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  event_key TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempt_count INTEGER NOT NULL DEFAULT 0,
  last_status_code INTEGER,
  next_retry_at INTEGER,
  delivered_at INTEGER,
  dead_lettered_at INTEGER,
  queued INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER,
  UNIQUE (subscription_id, event_key)
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_sub ON webhook_deliveries (subscription_id, seq);
CREATE INDEX IF NOT EXISTS webhook_deliveries_unqueued ON webhook_deliveries (queued) WHERE queued = 0;
CREATE TABLE IF NOT EXISTS webhook_attempts (
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  manual INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
`;

/** A stored delivery (the body as text). */
export interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_type: WebhookEventType;
  body: string;
  status: DeliveryStatus;
  created_at: number;
  attempt_count: number;
  last_status_code: number | null;
  next_retry_at: number | null;
  delivered_at: number | null;
  dead_lettered_at: number | null;
  lease_until: number | null;
}

/**
 * Create the tables.
 *
 * @example
 * ensureDeliveryTables(ctx.storage.sql);
 */
export function ensureDeliveryTables(sql: SqlStorage): void {
  sql.exec(SCHEMA);
}

/**
 * Record a new pending delivery; false when this subscription already has the event (same key).
 *
 * @example
 * insertDelivery(sql, { id: "msg_…", subscription_id, event_type: "decision.blocked", event_key, body, created_at: now });
 */
export function insertDelivery(sql: SqlStorage, d: { id: string; subscription_id: string; event_type: WebhookEventType; event_key: string; body: string; created_at: number }): boolean {
  const written = sql.exec(
    "INSERT OR IGNORE INTO webhook_deliveries (id, subscription_id, event_type, event_key, body, status, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
    d.id, d.subscription_id, d.event_type, d.event_key, d.body, d.created_at,
  ).rowsWritten;
  return written > 0;
}

/**
 * Mark deliveries as handed to the queue.
 *
 * @example
 * markQueued(sql, ["msg_…"]);
 */
export function markQueued(sql: SqlStorage, ids: readonly string[]): void {
  for (const id of ids) sql.exec("UPDATE webhook_deliveries SET queued = 1 WHERE id = ?", id);
}

/**
 * Deliveries not yet handed to the queue (the alarm sends them), oldest first.
 *
 * @example
 * unqueued(sql, 100).map((d) => d.id);
 */
export function unqueued(sql: SqlStorage, limit: number): { id: string; subscription_id: string }[] {
  return sql
    .exec("SELECT id, subscription_id FROM webhook_deliveries WHERE queued = 0 ORDER BY seq LIMIT ?", limit)
    .toArray()
    .map((r) => ({ id: String(r.id), subscription_id: String(r.subscription_id) }));
}

/**
 * One delivery, or null.
 *
 * @example
 * findDelivery(sql, "msg_…")?.status;
 */
export function findDelivery(sql: SqlStorage, id: string): DeliveryRow | null {
  const rows = sql.exec("SELECT * FROM webhook_deliveries WHERE id = ?", id).toArray();
  return rows.length === 0 ? null : deliveryOf(rows[0] as Record<string, SqlStorageValue>);
}

/**
 * Hold a delivery for one attempt until `until` (a duplicate queue message meanwhile gets "busy").
 *
 * @example
 * lease(sql, "msg_…", now + 60_000);
 */
export function lease(sql: SqlStorage, id: string, until: number): void {
  sql.exec("UPDATE webhook_deliveries SET lease_until = ? WHERE id = ?", until, id);
}

/**
 * Record one attempt's outcome: delivered on success, else pending with the next retry time.
 *
 * @example
 * recordAttemptRow(sql, row, { ok: false, status_code: 500, error: null, duration_ms: 12, manual: false, next_retry_at: now + 30_000 }, now);
 */
export function recordAttemptRow(sql: SqlStorage, row: DeliveryRow, outcome: AttemptOutcome, now: number): void {
  const attempt = row.attempt_count + 1;
  sql.exec(
    "INSERT OR REPLACE INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms, manual) VALUES (?, ?, ?, ?, ?, ?, ?)",
    row.id, attempt, now, outcome.status_code, outcome.error, Math.max(0, Math.round(outcome.duration_ms)), outcome.manual ? 1 : 0,
  );
  sql.exec("DELETE FROM webhook_attempts WHERE delivery_id = ? AND attempt <= ?", row.id, attempt - KEEP_ATTEMPTS);
  if (outcome.ok) {
    sql.exec(
      "UPDATE webhook_deliveries SET status = 'delivered', attempt_count = ?, last_status_code = ?, next_retry_at = NULL, delivered_at = ?, dead_lettered_at = NULL, lease_until = NULL WHERE id = ?",
      attempt, outcome.status_code, now, row.id,
    );
  } else {
    sql.exec(
      "UPDATE webhook_deliveries SET attempt_count = ?, last_status_code = ?, next_retry_at = ?, lease_until = NULL WHERE id = ?",
      attempt, outcome.status_code, outcome.next_retry_at, row.id,
    );
  }
}

/**
 * Mark a delivery dead-lettered (the queue gave up on it); a delivered one stays delivered.
 *
 * @example
 * markDeadLettered(sql, "msg_…", Date.now()); // true
 */
export function markDeadLettered(sql: SqlStorage, id: string, now: number): boolean {
  return sql.exec("UPDATE webhook_deliveries SET status = 'dead_lettered', dead_lettered_at = ?, next_retry_at = NULL, lease_until = NULL WHERE id = ? AND status = 'pending'", now, id).rowsWritten > 0;
}

/**
 * Put a delivery back to pending for an operator's redelivery (same id, so receivers still dedupe).
 *
 * @example
 * reopen(sql, "msg_…");
 */
export function reopen(sql: SqlStorage, id: string): void {
  sql.exec("UPDATE webhook_deliveries SET status = 'pending', next_retry_at = NULL, dead_lettered_at = NULL, lease_until = NULL, queued = 1 WHERE id = ?", id);
}

/**
 * Trim a subscription's log to its bounds.
 *
 * @example
 * pruneDeliveries(sql, "sub_…");
 */
export function pruneDeliveries(sql: SqlStorage, subscriptionId: string): void {
  const cut = (query: string, keep: number) => {
    const row = sql.exec(query, subscriptionId, keep).toArray()[0];
    return row === undefined ? null : Number(row.seq);
  };
  const finishedCut = cut("SELECT seq FROM webhook_deliveries WHERE subscription_id = ? AND status != 'pending' ORDER BY seq DESC LIMIT 1 OFFSET ?", KEEP_FINISHED);
  if (finishedCut !== null) deleteWhere(sql, "subscription_id = ? AND status != 'pending' AND seq <= ?", subscriptionId, finishedCut);
  const hardCut = cut("SELECT seq FROM webhook_deliveries WHERE subscription_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?", HARD_CAP);
  if (hardCut !== null) deleteWhere(sql, "subscription_id = ? AND seq <= ?", subscriptionId, hardCut);
}

/**
 * Remove every delivery of a subscription (it was deleted).
 *
 * @example
 * deleteDeliveriesOf(sql, "sub_…");
 */
export function deleteDeliveriesOf(sql: SqlStorage, subscriptionId: string): void {
  deleteWhere(sql, "subscription_id = ?", subscriptionId);
}

function deleteWhere(sql: SqlStorage, where: string, ...args: SqlStorageValue[]): void {
  sql.exec(`DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE ${where})`, ...args);
  sql.exec(`DELETE FROM webhook_deliveries WHERE ${where}`, ...args);
}

/**
 * A subscription's deliveries, newest first, with their attempts.
 *
 * @example
 * listDeliveryViews(sql, "sub_…", { limit: 50 });
 */
export function listDeliveryViews(sql: SqlStorage, subscriptionId: string, options: { limit: number; status?: DeliveryStatus }): DeliveryView[] {
  const rows = options.status === undefined
    ? sql.exec("SELECT * FROM webhook_deliveries WHERE subscription_id = ? ORDER BY seq DESC LIMIT ?", subscriptionId, options.limit).toArray()
    : sql.exec("SELECT * FROM webhook_deliveries WHERE subscription_id = ? AND status = ? ORDER BY seq DESC LIMIT ?", subscriptionId, options.status, options.limit).toArray();
  return rows.map((r) => deliveryView(sql, deliveryOf(r)));
}

/**
 * The API's view of one delivery, attempts included.
 *
 * @example
 * deliveryView(sql, findDelivery(sql, "msg_…")!).attempts.length;
 */
export function deliveryView(sql: SqlStorage, row: DeliveryRow): DeliveryView {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const attempts: AttemptView[] = sql
    .exec("SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt", row.id)
    .toArray()
    .map((a) => ({
      attempt: Number(a.attempt),
      at: new Date(Number(a.at)).toISOString(),
      status_code: a.status_code === null ? null : Number(a.status_code),
      error: a.error === null ? null : String(a.error),
      duration_ms: Number(a.duration_ms),
      manual: Number(a.manual) === 1,
    }));
  return {
    id: row.id,
    subscription_id: row.subscription_id,
    event_type: row.event_type,
    status: row.status,
    created_at: new Date(row.created_at).toISOString(),
    attempt_count: row.attempt_count,
    last_status_code: row.last_status_code,
    next_retry_at: row.status === "pending" ? iso(row.next_retry_at) : null,
    delivered_at: iso(row.delivered_at),
    dead_lettered_at: iso(row.dead_lettered_at),
    attempts,
    payload: JSON.parse(row.body) as unknown,
  };
}

function deliveryOf(r: Record<string, SqlStorageValue>): DeliveryRow {
  const num = (v: SqlStorageValue | undefined) => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(r.id),
    subscription_id: String(r.subscription_id),
    event_type: String(r.event_type) as WebhookEventType,
    body: String(r.body),
    status: String(r.status) as DeliveryStatus,
    created_at: Number(r.created_at),
    attempt_count: Number(r.attempt_count),
    last_status_code: num(r.last_status_code),
    next_retry_at: num(r.next_retry_at),
    delivered_at: num(r.delivered_at),
    dead_lettered_at: num(r.dead_lettered_at),
    lease_until: num(r.lease_until),
  };
}
