/**
 * The AuditLog's index of its archived segments (`archive_segments`): each sealed range, its tier, its R2
 * object key and whether a retention rule deleted it. R2 object keys are tenant-scoped:
 * `t/<tenant>/audit/<tier>/<from_leaf>-<to_leaf>.json` and `t/<tenant>/audit/tombstones/<from_leaf>-<to_leaf>.json`
 * (leaf numbers zero-padded to 16 digits, so a listing is in leaf order).
 */
import type { ArchiveTier, TreeHead } from "@nethical/core";

/** One archived segment. */
export interface ArchiveRow {
  from_leaf: number;
  to_leaf: number;
  tier: ArchiveTier;
  key: string;
  sealed_at: number;
  deleted_at: number | null;
  tree_head: TreeHead;
}

const SCHEMA = "CREATE TABLE IF NOT EXISTS archive_segments (from_leaf INTEGER PRIMARY KEY, to_leaf INTEGER NOT NULL, tier TEXT NOT NULL, key TEXT NOT NULL, sealed_at INTEGER NOT NULL, deleted_at INTEGER, tree_head TEXT NOT NULL)";

const pad = (n: number) => String(n).padStart(16, "0");

/**
 * The R2 key of a segment in a tier.
 *
 * @example
 * archiveObjectKey("acme", "warm", 0, 100); // "t/acme/audit/warm/0000000000000000-0000000000000100.json"
 */
export function archiveObjectKey(tenant: string, tier: ArchiveTier, from: number, to: number): string {
  return `t/${tenant}/audit/${tier}/${pad(from)}-${pad(to)}.json`;
}

/**
 * The R2 key of a tombstone.
 *
 * @example
 * tombstoneObjectKey("acme", 0, 100); // "t/acme/audit/tombstones/0000000000000000-0000000000000100.json"
 */
export function tombstoneObjectKey(tenant: string, from: number, to: number): string {
  return `t/${tenant}/audit/tombstones/${pad(from)}-${pad(to)}.json`;
}

/**
 * The prefix of every archive object of a tenant.
 *
 * @example
 * archivePrefix("acme"); // "t/acme/audit/"
 */
export function archivePrefix(tenant: string): string {
  return `t/${tenant}/audit/`;
}

/**
 * Every indexed segment, oldest first.
 *
 * @example
 * archiveRows(sql).filter((r) => r.deleted_at === null);
 */
export function archiveRows(sql: SqlStorage): ArchiveRow[] {
  sql.exec(SCHEMA);
  return sql
    .exec<{ from_leaf: number; to_leaf: number; tier: string; key: string; sealed_at: number; deleted_at: number | null; tree_head: string }>("SELECT * FROM archive_segments ORDER BY from_leaf")
    .toArray()
    .map((r) => ({ from_leaf: Number(r.from_leaf), to_leaf: Number(r.to_leaf), tier: r.tier as ArchiveTier, key: r.key, sealed_at: Number(r.sealed_at), deleted_at: r.deleted_at === null ? null : Number(r.deleted_at), tree_head: JSON.parse(r.tree_head) as TreeHead }));
}

/**
 * Where the next segment starts (0 before the first).
 *
 * @example
 * archivedUpTo(sql); // 1200
 */
export function archivedUpTo(sql: SqlStorage): number {
  sql.exec(SCHEMA);
  return Number(sql.exec<{ m: number | null }>("SELECT MAX(to_leaf) AS m FROM archive_segments").one().m ?? 0);
}

/**
 * Index a new segment, or update a row (tier, key, deletion).
 *
 * @example
 * saveArchiveRow(sql, { from_leaf: 0, to_leaf: 100, tier: "hot", key, sealed_at: now, deleted_at: null, tree_head });
 */
export function saveArchiveRow(sql: SqlStorage, row: ArchiveRow): void {
  sql.exec(SCHEMA);
  sql.exec("INSERT OR REPLACE INTO archive_segments (from_leaf, to_leaf, tier, key, sealed_at, deleted_at, tree_head) VALUES (?, ?, ?, ?, ?, ?, ?)", row.from_leaf, row.to_leaf, row.tier, row.key, row.sealed_at, row.deleted_at, JSON.stringify(row.tree_head));
}
