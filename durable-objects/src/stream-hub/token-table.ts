/**
 * Stream tokens in the hub's SQLite: only the SHA-256 of each token is stored, with what it opens and when
 * it expires. A token is consumed (deleted) by its first upgrade, so it opens one stream once.
 */
import { StreamBindingSchema, STREAM_TOKEN_TTL_MS, type StreamBinding, type TokenCheck } from "./types.ts";

/** Prefix of every stream token: `nst.<tenant>.<64 hex>`. */
export const STREAM_TOKEN_PREFIX = "nst";
const TOKEN_PATTERN = /^nst\.([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.([0-9a-f]{64})$/;

/**
 * The tenant a well-formed token names, or null (the token is then refused without a lookup).
 *
 * @example
 * streamTokenTenant("nst.acme.<64 hex>"); // "acme"
 */
export function streamTokenTenant(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

/**
 * Create the tables (idempotent).
 *
 * @example
 * ensureStreamTables(ctx.storage.sql);
 */
export function ensureStreamTables(sql: SqlStorage): void {
  sql.exec("CREATE TABLE IF NOT EXISTS stream_tokens (hash TEXT PRIMARY KEY, binding TEXT NOT NULL, expires_at INTEGER NOT NULL)");
  sql.exec("CREATE TABLE IF NOT EXISTS stream_connections (id TEXT PRIMARY KEY, binding TEXT NOT NULL)");
  sql.exec("CREATE TABLE IF NOT EXISTS stream_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
}

/**
 * Whether the tables exist (a hub that never issued a token has none).
 *
 * @example
 * if (!hasStreamTables(ctx.storage.sql)) return refusal(401, "unknown");
 */
export function hasStreamTables(sql: SqlStorage): boolean {
  return sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'stream_tokens'").toArray().length > 0;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Store a new single-use token for `binding`, valid STREAM_TOKEN_TTL_MS from `now`; prunes expired ones.
 *
 * @example
 * const { token, expires_at } = await issueStreamToken(sql, "acme", binding, Date.now());
 */
export async function issueStreamToken(sql: SqlStorage, tenant: string, binding: StreamBinding, now: number): Promise<{ token: string; expires_at: number }> {
  const random = crypto.getRandomValues(new Uint8Array(32));
  const token = `${STREAM_TOKEN_PREFIX}.${tenant}.${[...random].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  const expiresAt = now + STREAM_TOKEN_TTL_MS;
  sql.exec("DELETE FROM stream_tokens WHERE expires_at <= ?", now);
  sql.exec("INSERT INTO stream_tokens (hash, binding, expires_at) VALUES (?, ?, ?)", await sha256Hex(token), JSON.stringify(binding), expiresAt);
  return { token, expires_at: expiresAt };
}

/**
 * Consume `token` for a stream of `kind` (and `agent`): its binding, or why it is refused. Consumed even
 * when refused for another stream or expiry, so a token is tried once.
 *
 * @example
 * const check = await consumeStreamToken(sql, token, { kind: "decisions" }, Date.now());
 */
export async function consumeStreamToken(sql: SqlStorage, token: string, stream: { kind: StreamBinding["kind"]; agent?: string }, now: number): Promise<TokenCheck> {
  const row = sql.exec<{ binding: string; expires_at: number }>("DELETE FROM stream_tokens WHERE hash = ? RETURNING binding, expires_at", await sha256Hex(token)).toArray()[0];
  if (row === undefined) return { ok: false, reason: "unknown" };
  if (row.expires_at <= now) return { ok: false, reason: "expired" };
  const binding = StreamBindingSchema.parse(JSON.parse(row.binding));
  if (binding.kind !== stream.kind || binding.agent !== stream.agent) return { ok: false, reason: "other_stream" };
  return { ok: true, binding };
}
