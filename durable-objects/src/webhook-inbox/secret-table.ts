/**
 * The WebhookInbox's signing secrets (`inbound_secrets` table), per source: at most two valid at once —
 * the current one and, after a rotation, the previous one until its grace period ends or it is retired.
 */
import type { InboundSecretView } from "./types.ts";

/** How long the previous secret keeps verifying after a rotation (as outbound webhooks: a day). */
export const INBOUND_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

const TABLE = "inbound_secrets";
const SCHEMA = `
CREATE TABLE IF NOT EXISTS ${TABLE} (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER
);
CREATE INDEX IF NOT EXISTS inbound_secrets_by_source ON ${TABLE} (source, created_at);
`;

/** A stored secret (the value never leaves the object but for verification and at creation). */
export interface InboundSecretRow {
  id: string;
  source: string;
  secret: string;
  created_at: number;
  expires_at: number | null;
}

/**
 * Create the table.
 *
 * @example
 * ensureSecretTable(ctx.storage.sql);
 */
export function ensureSecretTable(sql: SqlStorage): void {
  sql.exec(SCHEMA);
}

/**
 * A fresh secret: 32 random bytes, base64, with the Standard Webhooks `whsec_` prefix.
 *
 * @example
 * newInboundSecret(); // "whsec_…"
 */
export function newInboundSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * The secrets of `source` still valid at `now`, newest first.
 *
 * @example
 * validSecrets(sql, "openai", Date.now()).map((s) => s.secret);
 */
export function validSecrets(sql: SqlStorage, source: string, now: number): InboundSecretRow[] {
  return sql
    .exec(`SELECT * FROM ${TABLE} WHERE source = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC, id DESC`, source, now)
    .toArray()
    .map(rowOf);
}

/**
 * Store a new secret for `source`.
 *
 * @example
 * insertSecret(sql, "generic", newInboundSecret(), Date.now());
 */
export function insertSecret(sql: SqlStorage, source: string, secret: string, now: number): InboundSecretRow {
  const row = { id: `whk_${crypto.randomUUID().replaceAll("-", "")}`, source, secret, created_at: now, expires_at: null };
  sql.exec(`INSERT INTO ${TABLE} (id, source, secret, created_at, expires_at) VALUES (?, ?, ?, ?, NULL)`, row.id, source, secret, now);
  return row;
}

/**
 * Let a secret verify only until `until`.
 *
 * @example
 * expireSecret(sql, row.id, Date.now() + INBOUND_SECRET_GRACE_MS);
 */
export function expireSecret(sql: SqlStorage, id: string, until: number): void {
  sql.exec(`UPDATE ${TABLE} SET expires_at = ? WHERE id = ?`, until, id);
}

/**
 * Delete a secret of `source`; whether it existed.
 *
 * @example
 * deleteSecret(sql, "generic", "whk_…"); // true
 */
export function deleteSecret(sql: SqlStorage, source: string, id: string): boolean {
  return sql.exec(`DELETE FROM ${TABLE} WHERE source = ? AND id = ?`, source, id).rowsWritten > 0;
}

/**
 * Delete the secrets whose grace period ended by `now`.
 *
 * @example
 * pruneExpiredSecrets(sql, Date.now());
 */
export function pruneExpiredSecrets(sql: SqlStorage, now: number): void {
  sql.exec(`DELETE FROM ${TABLE} WHERE expires_at IS NOT NULL AND expires_at <= ?`, now);
}

/**
 * The API's view of a secret (no value).
 *
 * @example
 * secretView(row).expires_at; // null until a rotation
 */
export function secretView(row: InboundSecretRow): InboundSecretView {
  return {
    id: row.id,
    source: row.source,
    created_at: new Date(row.created_at).toISOString(),
    expires_at: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
  };
}

function rowOf(r: Record<string, SqlStorageValue>): InboundSecretRow {
  return {
    id: String(r.id),
    source: String(r.source),
    secret: String(r.secret),
    created_at: Number(r.created_at),
    expires_at: r.expires_at === null ? null : Number(r.expires_at),
  };
}
