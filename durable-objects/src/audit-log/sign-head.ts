/**
 * Signed tree heads of the AuditLog: the stored head when it already says what is asked, else a new one
 * signed now (current heads are kept, and copied to Postgres by the alarm; heads of past sizes, made for
 * a consistency proof or an export, are not stored).
 */
import { signTreeHead, unsignedTreeHead, type MerkleLog, type TreeHead } from "@nethical/core";
import type { AuditSigningKey } from "./signing-key.ts";
import { latestTreeHead, saveTreeHead, treeHeadOfSize } from "./tree-head-table.ts";
import { guardHead } from "../monitor/audit-log-monitor.ts";

/** Where and for which log a head is made. */
export interface HeadContext {
  sql: SqlStorage;
  log: MerkleLog;
  key: AuditSigningKey;
  logId: string;
}

/**
 * A signed head of `size` leaves: the latest stored one (or, with `past`, one stored for that size), else
 * signed now. `saved` says a new current head was stored.
 *
 * @example
 * const { head } = await headFor(ctx, log.size, false);
 */
export async function headFor(ctx: HeadContext, size: number, past: boolean): Promise<{ head: TreeHead; saved: boolean }> {
  const stored = past ? treeHeadOfSize(ctx.sql, size, ctx.key.signer.keyId) : latestTreeHead(ctx.sql);
  if (stored !== null && stored.tree_size === size && stored.key_id === ctx.key.signer.keyId) return { head: stored, saved: false };
  // Runtime monitor P4: a new current head must not be smaller than, and must be consistent with, the last.
  if (!past) guardHead(ctx.sql, ctx.log, size);
  const head = await signTreeHead(unsignedTreeHead(ctx.logId, size, ctx.log.root(size), Date.now()), ctx.key.signer);
  if (!past) saveTreeHead(ctx.sql, head);
  return { head, saved: !past };
}

/**
 * The latest stored head that already covers `leafIndex` (signed by the current key), or null.
 *
 * @example
 * coveringHead(sql, 12, key.signer.keyId) ?? (await headFor(ctx, log.size, false)).head;
 */
export function coveringHead(sql: SqlStorage, leafIndex: number, keyId: string): TreeHead | null {
  const latest = latestTreeHead(sql);
  return latest !== null && latest.tree_size > leafIndex && latest.key_id === keyId ? latest : null;
}
