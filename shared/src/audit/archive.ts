/**
 * Audit archive objects (docs/audit.md "Archive tiers and retention"): what the AuditLog writes to R2 for a
 * sealed segment, and the tombstone it leaves when a retention rule deletes one. Each is verifiable alone:
 * an archived segment carries its leaves with inclusion proofs, its signed tree head (at the segment's end),
 * the previous segment's head with the consistency proof, the log's key list and the witness
 * cosignatures; a tombstone carries the deleted segment's heads and consistency proof, the rule, the time
 * and the admin event that recorded the deletion, signed by the tree-head key.
 *
 * A tombstone's signature covers these bytes (UTF-8, every line ending in "\n"):
 *
 * ```
 * nethical/audit-tombstone/v1
 * log_id <log_id>
 * from_leaf <from_leaf>
 * to_leaf <to_leaf>
 * root_hash <root of the tree of to_leaf leaves>
 * rule_id <rule id>
 * retention_days <days>
 * deleted_at <ms>
 * admin_event_id <event id>
 * key_id <key id>
 * ```
 */
import * as z from "zod";
import { base64Encode } from "../merkle/base64.ts";
import { TreeHeadSchema } from "../merkle/tree-head.ts";
import { KEY_ID_PATTERN, type Signer } from "../signing/keys.ts";
import { CosignatureSchema } from "./cosignature.ts";
import { AuditKeyListSchema } from "./key-list.ts";
import { AuditPublicKeySchema, AuditSegmentSchema } from "./segment.ts";

/** Format tags. */
export const AUDIT_ARCHIVE_FORMAT = "nethical-audit-archive/v1";
export const AUDIT_TOMBSTONE_FORMAT = "nethical-audit-tombstone/v1";

/** Archive tiers, from the newest to the oldest. */
export const ARCHIVE_TIERS = ["hot", "warm", "cold"] as const;
export type ArchiveTier = (typeof ARCHIVE_TIERS)[number];

const Leaf = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Ms = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const ProofSchema = z.array(z.string().regex(/^[A-Za-z0-9+/]{43}=$/)).max(64);

/** A sealed segment as archived: leaves [from_leaf, to_leaf), proven against a head of size to_leaf. */
export const ArchivedSegmentSchema = z.strictObject({
  format: z.literal(AUDIT_ARCHIVE_FORMAT),
  log_id: z.string().min(1).max(256),
  tier: z.enum(ARCHIVE_TIERS),
  from_leaf: Leaf,
  to_leaf: Leaf,
  /** When it was sealed (ms). */
  sealed_at: Ms,
  segment: AuditSegmentSchema,
  /** The log's tree-head keys when sealed (GET /v2/audit/keys). */
  key_list: AuditKeyListSchema,
  /** Witness cosignatures of `segment.tree_head` (empty: uncosigned, e.g. the witness was down). */
  cosignatures: z.array(CosignatureSchema).max(16),
  /** The witness's public key as the AuditLog knew it (informational: an auditor pins it with --witness-key). */
  witness_public_key: AuditPublicKeySchema.optional(),
});
export type ArchivedSegment = z.infer<typeof ArchivedSegmentSchema>;

/** The retention rule that deleted a segment. */
export const RetentionRuleRefSchema = z.strictObject({
  id: z.string().min(1).max(128),
  retention_days: z.number().int().min(1).max(36_500),
});

/** What is left of a segment deleted by a retention rule. */
export const TombstoneSchema = z.strictObject({
  format: z.literal(AUDIT_TOMBSTONE_FORMAT),
  log_id: z.string().min(1).max(256),
  from_leaf: Leaf,
  to_leaf: Leaf,
  /** The deleted segment's heads and the consistency proof between them: the chain stays checkable. */
  tree_head: TreeHeadSchema,
  previous_tree_head: TreeHeadSchema.optional(),
  consistency_proof: ProofSchema.optional(),
  rule: RetentionRuleRefSchema,
  deleted_at: Ms,
  /** The admin audit event (action audit.segment_delete) that recorded the deletion in the log. */
  admin_event_id: z.string().min(1).max(128),
  key_id: z.string().regex(KEY_ID_PATTERN),
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});
export type Tombstone = z.infer<typeof TombstoneSchema>;

/**
 * The bytes a tombstone's signature covers.
 *
 * @example
 * tombstoneBytes({ log_id: "acme", from_leaf: 0, to_leaf: 10, tree_head, rule, deleted_at, admin_event_id }, "audit-3b1f…");
 */
export function tombstoneBytes(t: Pick<Tombstone, "log_id" | "from_leaf" | "to_leaf" | "tree_head" | "rule" | "deleted_at" | "admin_event_id">, keyId: string): Uint8Array {
  const lines = [
    "nethical/audit-tombstone/v1",
    `log_id ${t.log_id}`,
    `from_leaf ${t.from_leaf}`,
    `to_leaf ${t.to_leaf}`,
    `root_hash ${t.tree_head.root_hash}`,
    `rule_id ${t.rule.id}`,
    `retention_days ${t.rule.retention_days}`,
    `deleted_at ${t.deleted_at}`,
    `admin_event_id ${t.admin_event_id}`,
    `key_id ${keyId}`,
  ];
  return new TextEncoder().encode(`${lines.join("\n")}\n`);
}

/**
 * Sign a tombstone with the tree-head signer.
 *
 * @example
 * const tombstone = await signTombstone({ log_id, from_leaf, to_leaf, tree_head, rule, deleted_at, admin_event_id }, signer);
 */
export async function signTombstone(t: Omit<Tombstone, "format" | "key_id" | "signature">, signer: Signer): Promise<Tombstone> {
  const signature = await signer.sign(tombstoneBytes(t, signer.keyId));
  return { format: AUDIT_TOMBSTONE_FORMAT, ...t, key_id: signer.keyId, signature: base64Encode(signature) };
}
