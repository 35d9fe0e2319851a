/**
 * Assembling a verifiable segment from a Merkle log: each event's inclusion proof against the signed head
 * and, when an earlier head is given, the consistency proof between them. Used by the AuditLog Durable
 * Object for `POST /v2/audit/export`, and by tests and tools that hold a log in memory.
 */
import { base64Encode } from "../merkle/base64.ts";
import type { MerkleLog } from "../merkle/merkle-log.ts";
import type { TreeHead } from "../merkle/tree-head.ts";
import type { LogEvent } from "./log-event.ts";
import { AUDIT_SEGMENT_FORMAT, type AuditPublicKey, type ExportedSegment } from "./segment.ts";

/** What goes into a segment. */
export interface SegmentParts {
  log: MerkleLog;
  /** Events with their leaf indices; every index must be below `treeHead.tree_size`. */
  entries: readonly { leaf_index: number; event: LogEvent }[];
  treeHead: TreeHead;
  previousTreeHead?: TreeHead;
  publicKey: AuditPublicKey;
  exportedAt?: string;
}

/**
 * Build the segment. Throws RangeError when a leaf index or head size is beyond the log.
 *
 * @example
 * const segment = buildSegment({ log, entries: [{ leaf_index: 0, event }], treeHead: sth, publicKey });
 * (await verifySegment(segment)).ok; // true
 */
export function buildSegment(parts: SegmentParts): ExportedSegment {
  const size = parts.treeHead.tree_size;
  const entries = parts.entries.map(({ leaf_index, event }) => ({
    leaf_index,
    event,
    inclusion_proof: parts.log.inclusionProof(leaf_index, size).map(base64Encode),
  }));
  const segment: ExportedSegment = {
    format: AUDIT_SEGMENT_FORMAT,
    log_id: parts.treeHead.log_id,
    public_key: parts.publicKey,
    tree_head: parts.treeHead,
    entries,
  };
  const previous = parts.previousTreeHead;
  if (previous !== undefined && previous.tree_size >= 1 && previous.tree_size <= size) {
    segment.previous_tree_head = previous;
    segment.consistency_proof = parts.log.consistencyProof(previous.tree_size, size).map(base64Encode);
  }
  if (parts.exportedAt !== undefined) segment.exported_at = parts.exportedAt;
  return segment;
}
