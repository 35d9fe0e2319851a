/**
 * Choosing what goes into an exported segment (`POST /v2/audit/export`): a leaf range, or the events
 * matching a filter (kind, admin action, agent, decision, time range), at most `limit`, all proven
 * against one signed head. A leaf range holds decisions and admin events alike, in leaf order.
 */
import { buildSegment, MAX_SEGMENT_ENTRIES, type AuditPublicKey, type ExportedSegment, type MerkleLog, type TreeHead } from "@nethical/core";
import type { EventFilter, StoredEvent } from "./event-table.ts";

/** Default and largest number of events in one export. */
export const DEFAULT_EXPORT_LIMIT = 1000;

/** What to export. Leaf ranges are half-open: [from_leaf, to_leaf). Times are ms since the epoch. */
export interface ExportOptions {
  from_leaf?: number;
  to_leaf?: number;
  /** Only decisions or only admin events. */
  kind?: "decision" | "admin";
  /** Only admin events of this action. */
  action?: string;
  agent_id?: string;
  decision?: string;
  from?: number;
  to?: number;
  /** Include a signed head of this earlier size and the consistency proof from it. */
  since_tree_size?: number;
  limit?: number;
}

/** Inputs from the Durable Object. */
export interface ExportSource {
  log: MerkleLog;
  head: TreeHead;
  previous: TreeHead | undefined;
  publicKey: AuditPublicKey;
  options: ExportOptions;
  pick(start: number, end: number): StoredEvent[];
  list(filter: EventFilter): StoredEvent[];
}

/**
 * Build the segment for `source.options`.
 *
 * @example
 * exportSegment({ log, head, previous: undefined, publicKey, options: { from_leaf: 0, to_leaf: 10 }, pick, list });
 */
export function exportSegment(source: ExportSource): ExportedSegment {
  const { options, head } = source;
  const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_EXPORT_LIMIT), MAX_SEGMENT_ENTRIES);
  const filtered = options.kind !== undefined || options.action !== undefined || options.agent_id !== undefined || options.decision !== undefined || options.from !== undefined || options.to !== undefined;
  let picked: StoredEvent[];
  if (filtered) {
    const filter: EventFilter = { limit };
    if (options.kind !== undefined) filter.kind = options.kind;
    if (options.action !== undefined) filter.action = options.action;
    if (options.agent_id !== undefined) filter.agent_id = options.agent_id;
    if (options.decision !== undefined) filter.decision = options.decision;
    if (options.from !== undefined) filter.from = options.from;
    if (options.to !== undefined) filter.to = options.to;
    picked = source.list(filter).filter((e) => e.leaf_index < head.tree_size && inLeafRange(e.leaf_index, options));
  } else {
    const start = Math.min(options.from_leaf ?? 0, head.tree_size);
    const end = Math.min(options.to_leaf ?? head.tree_size, head.tree_size, start + limit);
    picked = source.pick(start, end);
  }
  return buildSegment({
    log: source.log,
    entries: picked.map((e) => ({ leaf_index: e.leaf_index, event: e.event })),
    treeHead: head,
    ...(source.previous !== undefined ? { previousTreeHead: source.previous } : {}),
    publicKey: source.publicKey,
    exportedAt: new Date().toISOString(),
  });
}

function inLeafRange(index: number, options: ExportOptions): boolean {
  return index >= (options.from_leaf ?? 0) && index < (options.to_leaf ?? Number.MAX_SAFE_INTEGER);
}
