/**
 * PolicyStore's SQLite storage: every bundle the tenant has had (`seq` is the primary key and only
 * grows; the active bundle is the one with the highest seq) and a small key/value `meta` table for the
 * tenant's identity and KV sync progress.
 */
import type { PolicyBundle } from "@nethical/core";
import { DurableObjectError } from "../errors.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS bundles (
  seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, bundle TEXT NOT NULL, created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);`;

/**
 * Create the tables if they do not exist.
 *
 * @example
 * ensureBundleSchema(ctx.storage.sql);
 */
export function ensureBundleSchema(sql: SqlStorage): void {
  sql.exec(SCHEMA);
}

/**
 * The bundle with the highest seq, or null when there is none.
 *
 * @example
 * const active = activeBundle(sql);
 */
export function activeBundle(sql: SqlStorage): PolicyBundle | null {
  const row = sql.exec<{ bundle: string }>("SELECT bundle FROM bundles ORDER BY seq DESC LIMIT 1").toArray()[0];
  return row === undefined ? null : (JSON.parse(row.bundle) as PolicyBundle);
}

/**
 * A bundle by seq, or null.
 *
 * @example
 * const bundle = bundleBySeq(sql, 3);
 */
export function bundleBySeq(sql: SqlStorage, seq: number): PolicyBundle | null {
  const row = sql.exec<{ bundle: string }>("SELECT bundle FROM bundles WHERE seq = ?", seq).toArray()[0];
  return row === undefined ? null : (JSON.parse(row.bundle) as PolicyBundle);
}

/**
 * Append a bundle. Throws when its seq is not above the active one (rollback protection).
 *
 * @example
 * appendBundle(sql, bundle, Date.now());
 */
export function appendBundle(sql: SqlStorage, bundle: PolicyBundle, now: number): void {
  const top = sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM bundles").toArray()[0]?.seq ?? 0;
  if (bundle.seq <= top) throw new DurableObjectError("seq_not_growing", `policy seq must grow: ${bundle.seq} is not above ${top}`);
  sql.exec("INSERT INTO bundles (seq, hash, bundle, created_at) VALUES (?, ?, ?, ?)", bundle.seq, bundle.hash, JSON.stringify(bundle), now);
}

/**
 * Read a meta value.
 *
 * @example
 * getMeta(sql, "tenant"); // "acme" | null
 */
export function getMeta(sql: SqlStorage, key: string): string | null {
  const row = sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = ?", key).toArray()[0];
  return row === undefined ? null : row.v;
}

/**
 * Write a meta value.
 *
 * @example
 * setMeta(sql, "kv_synced_seq", "3");
 */
export function setMeta(sql: SqlStorage, key: string, value: string): void {
  sql.exec("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", key, value);
}
