/**
 * Audit events, their Merkle leaves, exported segments and offline segment verification. Pure: no I/O,
 * no clock, no randomness (ids and times come in as arguments).
 */
export { AUDIT_EVENT_SOURCES, AUDIT_ID_PATTERN, COHORT_FIELD_PATTERN, AuditEventSchema, AuditTimeSchema, parseAuditEvent, type AuditEvent } from "./event.ts";
export {
  ADMIN_ACTION_PATTERN,
  AdminActorSchema,
  AdminAuditEventSchema,
  AdminTargetSchema,
  KNOWN_ADMIN_ACTIONS,
  MAX_ADMIN_STATE_BYTES,
  buildAdminEvent,
  isAdminEvent,
  parseAdminEvent,
  type JsonObject as AdminJsonObject,
  type JsonValue as AdminJsonValue,
  type AdminActor,
  type AdminAuditEvent,
  type AdminEventInput,
  type AdminTarget,
} from "./admin-event.ts";
export { parseLogEvent, type LogEvent } from "./log-event.ts";
export { auditLeafBytes, auditLeafHash, requestHash } from "./leaf.ts";
export { auditEventFromDecision, auditEventId, buildAuditEvent, type DecisionRecord } from "./from-decision.ts";
export {
  AUDIT_SEGMENT_FORMAT,
  AuditPublicKeySchema,
  AuditSegmentSchema,
  MAX_SEGMENT_ENTRIES,
  SegmentEntrySchema,
  type AuditPublicKey,
  type AuditSegment,
  type ExportedSegment,
  type SegmentEntry,
} from "./segment.ts";
export { buildSegment, type SegmentParts } from "./build-segment.ts";
export { verifySegment, type SegmentCheck, type SegmentReport, type VerifySegmentOptions } from "./verify-segment.ts";
export {
  AUDIT_KEY_STATUSES,
  AuditKeyConfigSchema,
  AuditKeyEntrySchema,
  AuditKeyListSchema,
  MAX_AUDIT_KEYS,
  checkHeadKey,
  withStatus,
  type AuditKeyConfig,
  type AuditKeyEntry,
  type AuditKeyList,
  type AuditKeyStatus,
  type HeadKeyRefusal,
  type HeadKeyVerdict,
} from "./key-list.ts";
export { COSIGNATURE_HEADER, CosignatureSchema, cosignTreeHead, cosignatureBytes, verifyCosignature, type Cosignature } from "./cosignature.ts";
export { WITNESS_REFUSALS, checkWitnessable, type WitnessRefusal, type WitnessVerdict } from "./witness-check.ts";
export {
  ARCHIVE_TIERS,
  AUDIT_ARCHIVE_FORMAT,
  AUDIT_TOMBSTONE_FORMAT,
  ArchivedSegmentSchema,
  RetentionRuleRefSchema,
  TombstoneSchema,
  signTombstone,
  tombstoneBytes,
  type ArchiveTier,
  type ArchivedSegment,
  type Tombstone,
} from "./archive.ts";
export { verifyArchive, type ArchiveCoverage, type ArchiveReport, type VerifyArchiveOptions } from "./verify-archive.ts";
