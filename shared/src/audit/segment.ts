/**
 * The exported audit segment (`POST /v2/audit/export`): everything an auditor needs to check a stretch of
 * a tenant's log offline — the events, their leaf indices and inclusion proofs against a signed tree
 * head, optionally an earlier signed head with the consistency proof to the later one, and the log's
 * public key. Hashes and signatures are padded base64, as in tree heads.
 */
import * as z from "zod";
import { TreeHeadSchema } from "../merkle/tree-head.ts";
import { KEY_ID_PATTERN } from "../signing/keys.ts";
import type { LogEvent } from "./log-event.ts";

/** Format tag of a segment file. */
export const AUDIT_SEGMENT_FORMAT = "nethical-audit-segment/v1";

/** Most entries in one segment. */
export const MAX_SEGMENT_ENTRIES = 10_000;

const Base64Hash = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, "a 32-byte hash in padded base64");
const ProofSchema = z.array(Base64Hash).max(64);

/** The log's Ed25519 public key, as a minimal OKP JWK. */
export const AuditPublicKeySchema = z.strictObject({
  key_id: z.string().regex(KEY_ID_PATTERN),
  jwk: z.strictObject({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }),
});
export type AuditPublicKey = z.infer<typeof AuditPublicKeySchema>;

/** One exported event. `event` is checked as a decision or admin event by the verifier (per entry). */
export const SegmentEntrySchema = z.strictObject({
  leaf_index: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  event: z.unknown(),
  /** Inclusion proof of this leaf in the tree of `tree_head.tree_size` leaves. */
  inclusion_proof: ProofSchema,
});
export type SegmentEntry = z.infer<typeof SegmentEntrySchema>;

/** A verifiable segment of one tenant's audit log. */
export const AuditSegmentSchema = z.strictObject({
  format: z.literal(AUDIT_SEGMENT_FORMAT),
  log_id: z.string().min(1).max(256),
  public_key: AuditPublicKeySchema,
  /** The signed head every inclusion proof is against. */
  tree_head: TreeHeadSchema,
  /** An earlier signed head (e.g. the last one the auditor checked) … */
  previous_tree_head: TreeHeadSchema.optional(),
  /** … and the consistency proof from it to `tree_head`. */
  consistency_proof: ProofSchema.optional(),
  entries: z.array(SegmentEntrySchema).max(MAX_SEGMENT_ENTRIES),
  /** When the segment was made (informational; not signed). */
  exported_at: z.string().optional(),
});
export type AuditSegment = z.infer<typeof AuditSegmentSchema>;

/** A segment as the log builds it: the same shape, with events typed (what an export returns). */
export type ExportedSegment = Omit<AuditSegment, "entries"> & {
  entries: { leaf_index: number; event: LogEvent; inclusion_proof: string[] }[];
};
