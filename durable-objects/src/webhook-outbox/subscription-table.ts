/**
 * The WebhookOutbox's subscriptions (`webhook_subscriptions` table): target URL, event types, the signing
 * secret and, for a day after a rotation, the previous secret (both sign, so receivers can switch over).
 */
import type { SubscriptionView, WebhookEventType } from "./types.ts";

/** How long the previous secret keeps signing after a rotation. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  description TEXT,
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_secret_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  secret_rotated_at INTEGER
);
`;

/** A stored subscription, secrets included (never leaves the object but as a delivery ticket). */
export interface SubscriptionRow {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  created_at: number;
  secret_rotated_at: number | null;
}

/**
 * Create the table.
 *
 * @example
 * ensureSubscriptionTable(ctx.storage.sql);
 */
export function ensureSubscriptionTable(sql: SqlStorage): void {
  sql.exec(SCHEMA);
}

/**
 * A fresh signing secret: 32 random bytes, base64, with the Standard Webhooks `whsec_` prefix.
 *
 * @example
 * newSecret(); // "whsec_…" (44 base64 characters after the prefix)
 */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * Store a new subscription.
 *
 * @example
 * insertSubscription(sql, { id, url, events, description: null, secret: newSecret(), previous_secret: null, previous_secret_expires_at: null, created_at: now, secret_rotated_at: null });
 */
export function insertSubscription(sql: SqlStorage, row: SubscriptionRow): void {
  sql.exec(
    "INSERT INTO webhook_subscriptions (id, url, events, description, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    row.id, row.url, JSON.stringify(row.events), row.description, row.secret, row.created_at,
  );
}

/**
 * Every subscription, oldest first.
 *
 * @example
 * listSubscriptionRows(sql).filter((s) => s.events.includes("decision.blocked"));
 */
export function listSubscriptionRows(sql: SqlStorage): SubscriptionRow[] {
  return sql.exec("SELECT * FROM webhook_subscriptions ORDER BY created_at, id").toArray().map(rowOf);
}

/**
 * One subscription, or null.
 *
 * @example
 * findSubscription(sql, "sub_…")?.url;
 */
export function findSubscription(sql: SqlStorage, id: string): SubscriptionRow | null {
  const rows = sql.exec("SELECT * FROM webhook_subscriptions WHERE id = ?", id).toArray();
  return rows.length === 0 ? null : rowOf(rows[0] as Record<string, SqlStorageValue>);
}

/**
 * Remove a subscription; whether it existed.
 *
 * @example
 * deleteSubscriptionRow(sql, "sub_…"); // true
 */
export function deleteSubscriptionRow(sql: SqlStorage, id: string): boolean {
  return sql.exec("DELETE FROM webhook_subscriptions WHERE id = ?", id).rowsWritten > 0;
}

/**
 * Replace the secret; the old one keeps signing until `now + PREVIOUS_SECRET_GRACE_MS`.
 *
 * @example
 * rotateSubscriptionSecret(sql, row, newSecret(), Date.now());
 */
export function rotateSubscriptionSecret(sql: SqlStorage, row: SubscriptionRow, secret: string, now: number): SubscriptionRow {
  const next = { ...row, secret, previous_secret: row.secret, previous_secret_expires_at: now + PREVIOUS_SECRET_GRACE_MS, secret_rotated_at: now };
  sql.exec(
    "UPDATE webhook_subscriptions SET secret = ?, previous_secret = ?, previous_secret_expires_at = ?, secret_rotated_at = ? WHERE id = ?",
    next.secret, next.previous_secret, next.previous_secret_expires_at, next.secret_rotated_at, row.id,
  );
  return next;
}

/**
 * The secrets that sign now: the current one, and the previous one during its grace period.
 *
 * @example
 * signingSecrets(row, Date.now()); // ["whsec_new…", "whsec_old…"] in the day after a rotation
 */
export function signingSecrets(row: SubscriptionRow, now: number): string[] {
  const previous = row.previous_secret !== null && (row.previous_secret_expires_at ?? 0) > now ? [row.previous_secret] : [];
  return [row.secret, ...previous];
}

/**
 * The API's view of a subscription (no secrets).
 *
 * @example
 * subscriptionView(row, Date.now()).secret; // undefined
 */
export function subscriptionView(row: SubscriptionRow, now: number): SubscriptionView {
  const graceOpen = row.previous_secret !== null && (row.previous_secret_expires_at ?? 0) > now;
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    created_at: new Date(row.created_at).toISOString(),
    secret_rotated_at: row.secret_rotated_at === null ? null : new Date(row.secret_rotated_at).toISOString(),
    previous_secret_expires_at: graceOpen ? new Date(row.previous_secret_expires_at as number).toISOString() : null,
  };
}

function rowOf(r: Record<string, SqlStorageValue>): SubscriptionRow {
  return {
    id: String(r.id),
    url: String(r.url),
    events: JSON.parse(String(r.events)) as WebhookEventType[],
    description: r.description === null ? null : String(r.description),
    secret: String(r.secret),
    previous_secret: r.previous_secret === null ? null : String(r.previous_secret),
    previous_secret_expires_at: r.previous_secret_expires_at === null ? null : Number(r.previous_secret_expires_at),
    created_at: Number(r.created_at),
    secret_rotated_at: r.secret_rotated_at === null ? null : Number(r.secret_rotated_at),
  };
}
