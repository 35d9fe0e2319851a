/**
 * The AuditLog's signed tree heads (`tree_heads` table), newest last; `in_db` marks those copied to
 * Postgres's `tree_heads`.
 */
import type { TreeHead } from "@nethical/core";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tree_heads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tree_size INTEGER NOT NULL,
  head TEXT NOT NULL,
  in_db INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS tree_heads_size ON tree_heads (tree_size);
`;

/**
 * Create the table.
 *
 * @example
 * ensureTreeHeadTable(ctx.storage.sql);
 */
export function ensureTreeHeadTable(sql: SqlStorage): void {
  sql.exec(SCHEMA);
}

/**
 * Keep a signed head.
 *
 * @example
 * saveTreeHead(sql, await signTreeHead(head, signer));
 */
export function saveTreeHead(sql: SqlStorage, head: TreeHead): void {
  sql.exec("INSERT INTO tree_heads (tree_size, head) VALUES (?, ?)", head.tree_size, JSON.stringify(head));
}

/**
 * The newest signed head, or null before the first.
 *
 * @example
 * latestTreeHead(sql)?.tree_size;
 */
export function latestTreeHead(sql: SqlStorage): TreeHead | null {
  const row = sql.exec<{ head: string }>("SELECT head FROM tree_heads ORDER BY id DESC LIMIT 1").toArray()[0];
  return row === undefined ? null : (JSON.parse(row.head) as TreeHead);
}

/**
 * The newest signed head of exactly `size` leaves signed by `keyId`, or null.
 *
 * @example
 * treeHeadOfSize(sql, 100, signer.keyId);
 */
export function treeHeadOfSize(sql: SqlStorage, size: number, keyId: string): TreeHead | null {
  for (const row of sql.exec<{ head: string }>("SELECT head FROM tree_heads WHERE tree_size = ? ORDER BY id DESC", size)) {
    const head = JSON.parse(row.head) as TreeHead;
    if (head.key_id === keyId) return head;
  }
  return null;
}

/**
 * Heads not yet copied to Postgres (with their row ids), oldest first.
 *
 * @example
 * for (const { id, head } of unsyncedTreeHeads(sql, 50)) …
 */
export function unsyncedTreeHeads(sql: SqlStorage, limit: number): { id: number; head: TreeHead }[] {
  return sql
    .exec<{ id: number; head: string }>("SELECT id, head FROM tree_heads WHERE in_db = 0 ORDER BY id LIMIT ?", limit)
    .toArray()
    .map((r) => ({ id: Number(r.id), head: JSON.parse(r.head) as TreeHead }));
}

/**
 * Mark heads as copied to Postgres.
 *
 * @example
 * markTreeHeadsInDb(sql, [1, 2]);
 */
export function markTreeHeadsInDb(sql: SqlStorage, ids: readonly number[]): void {
  for (const id of ids) sql.exec("UPDATE tree_heads SET in_db = 1 WHERE id = ?", id);
}
