/**
 * The WebhookInbox's seen `webhook-id`s (`seen_webhooks` table), per source: the SHA-256 of the body the
 * id first came with, the newest signed `webhook-timestamp` received with it, and the first answer, kept
 * for {@link SEEN_ID_RETENTION_MS} so a sender's retries get that answer instead of a second evaluation.
 *
 * Retry or replay: a Standard Webhooks sender signs every retry anew with a fresh timestamp, which only the
 * secret's holder can do. A delivery whose timestamp is not newer than one already received under its id
 * is a captured request sent again (a replay): it is refused, and nothing is evaluated or answered.
 */
import type { ClaimResult, StoredAnswer } from "./types.ts";

/**
 * How long a seen id is kept. Longer than the 5-minute replay window on purpose: a Standard Webhooks sender
 * retries for hours with the same id and a fresh timestamp, and each retry must get the first decision.
 */
export const SEEN_ID_RETENTION_MS = 24 * 60 * 60 * 1000;
/**
 * How long a claim waits for its answer before another delivery of the same id may take it over (the
 * first request died between claiming and answering). Longer than any decision takes.
 */
export const CLAIM_LEASE_MS = 30_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS seen_webhooks (
  source TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  signed_at INTEGER NOT NULL DEFAULT 0,
  answer TEXT,
  PRIMARY KEY (source, webhook_id)
);
CREATE INDEX IF NOT EXISTS seen_webhooks_by_time ON seen_webhooks (received_at);
`;

/**
 * Create the table.
 *
 * @example
 * ensureSeenTable(ctx.storage.sql);
 */
export function ensureSeenTable(sql: SqlStorage): void {
  sql.exec(SCHEMA);
  // Tables created before replays were told from retries lack `signed_at`: add it (0 = none received yet).
  const columns = sql.exec("SELECT name FROM pragma_table_info('seen_webhooks')").toArray().map((r) => String(r.name));
  if (!columns.includes("signed_at")) sql.exec("ALTER TABLE seen_webhooks ADD COLUMN signed_at INTEGER NOT NULL DEFAULT 0");
}

/**
 * Claim `webhookId` for evaluation, or say why not: a replay (its signed timestamp `signedAt`, in seconds,
 * is not newer than one already received under the id), a retry of the same body (with the first answer),
 * another body under the same id, or the first delivery still being decided.
 *
 * @example
 * claimId(sql, "openai", "msg_2b…", "9f86d0…", 1764926400, Date.now()); // { kind: "new" }
 */
export function claimId(sql: SqlStorage, source: string, webhookId: string, bodyHash: string, signedAt: number, now: number): ClaimResult {
  const row = sql.exec("SELECT body_hash, received_at, signed_at, answer FROM seen_webhooks WHERE source = ? AND webhook_id = ?", source, webhookId).toArray()[0];
  if (row !== undefined && Number(row.received_at) > now - SEEN_ID_RETENTION_MS) {
    if (signedAt <= Number(row.signed_at)) return { kind: "replayed" };
    sql.exec("UPDATE seen_webhooks SET signed_at = ? WHERE source = ? AND webhook_id = ?", signedAt, source, webhookId);
    if (String(row.body_hash) !== bodyHash) return { kind: "mismatch" };
    if (row.answer !== null) return { kind: "retry", answer: JSON.parse(String(row.answer)) as StoredAnswer };
    if (Number(row.received_at) > now - CLAIM_LEASE_MS) return { kind: "in_progress" };
  }
  sql.exec(
    "INSERT INTO seen_webhooks (source, webhook_id, body_hash, received_at, signed_at, answer) VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT (source, webhook_id) DO UPDATE SET body_hash = excluded.body_hash, received_at = excluded.received_at, signed_at = excluded.signed_at, answer = NULL",
    source, webhookId, bodyHash, now, signedAt,
  );
  return { kind: "new" };
}

/**
 * Keep the first answer to a claimed id.
 *
 * @example
 * storeAnswer(sql, "openai", "msg_2b…", { status: 200, body, headers });
 */
export function storeAnswer(sql: SqlStorage, source: string, webhookId: string, answer: StoredAnswer): void {
  sql.exec("UPDATE seen_webhooks SET answer = ? WHERE source = ? AND webhook_id = ?", JSON.stringify(answer), source, webhookId);
}

/**
 * Give up a claim that got no answer (the decision failed), so the sender's retry is evaluated.
 *
 * @example
 * releaseId(sql, "openai", "msg_2b…");
 */
export function releaseId(sql: SqlStorage, source: string, webhookId: string): void {
  sql.exec("DELETE FROM seen_webhooks WHERE source = ? AND webhook_id = ? AND answer IS NULL", source, webhookId);
}

/**
 * Forget ids older than the retention; how many remain.
 *
 * @example
 * pruneSeenIds(sql, Date.now()); // 12
 */
export function pruneSeenIds(sql: SqlStorage, now: number): number {
  sql.exec("DELETE FROM seen_webhooks WHERE received_at <= ?", now - SEEN_ID_RETENTION_MS);
  return Number(sql.exec("SELECT COUNT(*) AS n FROM seen_webhooks").one().n);
}

/**
 * When the oldest kept id expires, or null when none is kept.
 *
 * @example
 * const at = nextExpiry(sql); // for the pruning alarm
 */
export function nextExpiry(sql: SqlStorage): number | null {
  const row = sql.exec("SELECT MIN(received_at) AS t FROM seen_webhooks").one();
  return row.t === null ? null : Number(row.t) + SEEN_ID_RETENTION_MS;
}
