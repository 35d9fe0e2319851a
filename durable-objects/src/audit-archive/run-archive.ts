/**
 * Sealing and retention of a tenant's audit archive, run by the AuditLog (its alarm, or on demand through
 * `POST /v2/audit/archive/run`) with the time passed in (an injectable clock):
 *
 * - **seal**: leaves not yet archived become an archived segment in R2 (tier hot): the events with
 *   inclusion proofs against a signed head of the segment's end, the previous segment's head with the
 *   consistency proof, the key list and the witness cosignatures — verifiable from the object alone.
 * - **retention**: by the tenant's policy, segments move hot → warm → cold (a copy under the new tier's
 *   prefix in R2's Infrequent Access class, then the old object deleted) and, past `retention_days`, are
 *   deleted — only so: each deletion first appends an admin audit leaf (`audit_segment.delete`, naming the
 *   segment and its head and the rule), writes a tombstone signed by the tree-head key, then deletes the
 *   R2 object and the AuditLog's rows of those events (their Merkle nodes stay: later proofs still hold).
 */
import {
  ARCHIVE_TIERS,
  base64Encode,
  AUDIT_ARCHIVE_FORMAT,
  MAX_SEGMENT_ENTRIES,
  buildAdminEvent,
  buildSegment,
  signTombstone,
  type AdminAuditEvent,
  type ArchiveTier,
  type ArchivedSegment,
  type AuditPublicKey,
  type Cosignature,
  type MerkleLog,
  type TreeHead,
} from "@nethical/core";
import type { AuditSigningKey } from "../audit-log/signing-key.ts";
import { eventsInRange } from "../audit-log/event-table.ts";
import type { AppendResult } from "../audit-log/types.ts";
import { archivedUpTo, archiveObjectKey, archiveRows, saveArchiveRow, tombstoneObjectKey, type ArchiveRow } from "./archive-index.ts";
import { readRetention } from "./retention-policy.ts";

const DAY_MS = 86_400_000;

/** What the AuditLog lends the archiver. */
export interface ArchiveContext {
  tenant: string;
  sql: SqlStorage;
  log: MerkleLog;
  bucket: R2Bucket;
  key: AuditSigningKey;
  /** A signed head of `size` leaves (`past`: not the current size). */
  headFor(size: number, past: boolean): Promise<TreeHead>;
  /** The cosignatures of `head` (asking the witness first when there are none). */
  cosign(head: TreeHead): Promise<{ cosignature: Cosignature; witness_public_key: AuditPublicKey }[]>;
  /** Append an admin event to the log now. */
  appendAdmin(event: AdminAuditEvent): AppendResult;
}

/** Options of a run: seal even fewer than `minLeaves` new leaves with `force`. */
export interface ArchiveRunOptions {
  now: number;
  force?: boolean;
  /** Seal only when at least this many leaves are waiting (default 1000); `force` ignores it. */
  minLeaves?: number;
}

/** What a run did. */
export interface ArchiveRunResult {
  sealed: { from_leaf: number; to_leaf: number; key: string; cosigned: boolean }[];
  moved: { from_leaf: number; to_leaf: number; from: ArchiveTier; to: ArchiveTier; key: string }[];
  deleted: { from_leaf: number; to_leaf: number; rule_id: string; tombstone: string; admin_event_id: string }[];
}

function metadata(tenant: string, a: Pick<ArchivedSegment, "tier" | "from_leaf" | "to_leaf">, head: TreeHead): Record<string, string> {
  return { tenant, tier: a.tier, from_leaf: String(a.from_leaf), to_leaf: String(a.to_leaf), tree_size: String(head.tree_size), root_hash: head.root_hash };
}

/** R2 offers Standard and Infrequent Access; warm and cold use the latter (cold is a prefix + lifecycle rule). */
function storageClassOf(tier: ArchiveTier): string {
  return tier === "hot" ? "Standard" : "InfrequentAccess";
}

/**
 * Seal what is not archived yet (see the module comment).
 *
 * @example
 * await sealSegments(ctx, { now: Date.now(), force: true });
 */
export async function sealSegments(ctx: ArchiveContext, options: ArchiveRunOptions): Promise<ArchiveRunResult["sealed"]> {
  const sealed: ArchiveRunResult["sealed"] = [];
  const size = ctx.log.size;
  let from = archivedUpTo(ctx.sql);
  if (size <= from || (options.force !== true && size - from < (options.minLeaves ?? 1000))) return sealed;
  while (from < size) {
    const to = Math.min(size, from + MAX_SEGMENT_ENTRIES);
    const head = await ctx.headFor(to, to !== size);
    const previous = from > 0 ? await ctx.headFor(from, true) : undefined;
    const entries = eventsInRange(ctx.sql, from, to).map((e) => ({ leaf_index: e.leaf_index, event: e.event }));
    const segment = buildSegment({ log: ctx.log, entries, treeHead: head, ...(previous !== undefined ? { previousTreeHead: previous } : {}), publicKey: ctx.key.publicKey, exportedAt: new Date(options.now).toISOString() });
    const cosigs = to === size ? await ctx.cosign(head) : [];
    const archived: ArchivedSegment = {
      format: AUDIT_ARCHIVE_FORMAT,
      log_id: ctx.tenant,
      tier: "hot",
      from_leaf: from,
      to_leaf: to,
      sealed_at: options.now,
      segment,
      key_list: { log_id: ctx.tenant, current_key_id: ctx.key.signer.keyId, keys: ctx.key.keys },
      cosignatures: cosigs.map((c) => c.cosignature),
      ...(cosigs[0] !== undefined ? { witness_public_key: cosigs[0].witness_public_key } : {}),
    };
    const key = archiveObjectKey(ctx.tenant, "hot", from, to);
    await ctx.bucket.put(key, JSON.stringify(archived), { httpMetadata: { contentType: "application/json" }, customMetadata: metadata(ctx.tenant, archived, head), storageClass: storageClassOf("hot") });
    saveArchiveRow(ctx.sql, { from_leaf: from, to_leaf: to, tier: "hot", key, sealed_at: options.now, deleted_at: null, tree_head: head });
    sealed.push({ from_leaf: from, to_leaf: to, key, cosigned: cosigs.length > 0 });
    from = to;
  }
  return sealed;
}

async function move(ctx: ArchiveContext, row: ArchiveRow, tier: ArchiveTier): Promise<string> {
  const object = await ctx.bucket.get(row.key);
  if (object === null) throw new Error(`archive object ${row.key} is missing`);
  const archived = { ...(JSON.parse(await object.text()) as ArchivedSegment), tier };
  const key = archiveObjectKey(ctx.tenant, tier, row.from_leaf, row.to_leaf);
  await ctx.bucket.put(key, JSON.stringify(archived), { httpMetadata: { contentType: "application/json" }, customMetadata: metadata(ctx.tenant, archived, row.tree_head), storageClass: storageClassOf(tier) });
  await ctx.bucket.delete(row.key);
  saveArchiveRow(ctx.sql, { ...row, tier, key });
  return key;
}

async function remove(ctx: ArchiveContext, row: ArchiveRow, rule: { id: string; retention_days: number }, now: number): Promise<ArchiveRunResult["deleted"][number]> {
  const target = `${row.from_leaf}-${row.to_leaf}`;
  const event = buildAdminEvent(
    {
      tenant: ctx.tenant,
      actor: { key_id: "retention", role: "platform" },
      action: "audit_segment.delete",
      target: { type: "audit_segment", id: target },
      before: { tier: row.tier, object: row.key, tree_size: row.tree_head.tree_size, root_hash: row.tree_head.root_hash },
      after: { deleted: true, rule_id: rule.id, retention_days: rule.retention_days },
      reason: `retention rule ${rule.id}: segments older than ${rule.retention_days} days are deleted`,
    },
    { eventId: `retention.${ctx.tenant}.${target}`, time: now },
  );
  const appended = ctx.appendAdmin(event);
  if (appended.status !== "appended" && appended.status !== "duplicate") throw new Error(`the deletion event was not appended (${appended.status})`);
  const previous = row.from_leaf > 0 ? await ctx.headFor(row.from_leaf, true) : undefined;
  const tombstone = await signTombstone(
    {
      log_id: ctx.tenant,
      from_leaf: row.from_leaf,
      to_leaf: row.to_leaf,
      tree_head: row.tree_head,
      ...(previous !== undefined ? { previous_tree_head: previous, consistency_proof: ctx.log.consistencyProof(row.from_leaf, row.to_leaf).map(base64Encode) } : {}),
      rule,
      deleted_at: now,
      admin_event_id: event.event_id,
    },
    ctx.key.signer,
  );
  const key = tombstoneObjectKey(ctx.tenant, row.from_leaf, row.to_leaf);
  await ctx.bucket.put(key, JSON.stringify(tombstone), { httpMetadata: { contentType: "application/json" }, customMetadata: { tenant: ctx.tenant, kind: "tombstone", rule_id: rule.id } });
  await ctx.bucket.delete(row.key);
  // The events' rows go; their Merkle nodes stay, so proofs of later leaves and consistency still hold.
  ctx.sql.exec("DELETE FROM events WHERE leaf_index >= ? AND leaf_index < ?", row.from_leaf, row.to_leaf);
  saveArchiveRow(ctx.sql, { ...row, deleted_at: now });
  return { from_leaf: row.from_leaf, to_leaf: row.to_leaf, rule_id: rule.id, tombstone: key, admin_event_id: event.event_id };
}

/**
 * Apply the tenant's retention policy at `now` (see the module comment).
 *
 * @example
 * const { moved, deleted } = await applyRetention(ctx, Date.now());
 */
export async function applyRetention(ctx: ArchiveContext, now: number): Promise<Pick<ArchiveRunResult, "moved" | "deleted">> {
  const policy = readRetention(ctx.sql, ctx.tenant);
  const moved: ArchiveRunResult["moved"] = [];
  const deleted: ArchiveRunResult["deleted"] = [];
  for (const row of archiveRows(ctx.sql)) {
    if (row.deleted_at !== null) continue;
    const age = now - row.sealed_at;
    if (age >= policy.retention_days * DAY_MS) {
      deleted.push(await remove(ctx, row, { id: policy.rule_id, retention_days: policy.retention_days }, now));
      continue;
    }
    const tier: ArchiveTier = age >= policy.warm_days * DAY_MS ? "cold" : age >= policy.hot_days * DAY_MS ? "warm" : "hot";
    if (ARCHIVE_TIERS.indexOf(tier) > ARCHIVE_TIERS.indexOf(row.tier)) {
      moved.push({ from_leaf: row.from_leaf, to_leaf: row.to_leaf, from: row.tier, to: tier, key: await move(ctx, row, tier) });
    }
  }
  return { moved, deleted };
}
