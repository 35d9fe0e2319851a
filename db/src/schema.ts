/**
 * The Postgres audit store (drizzle pg-core): `audit_events`, `admin_events`, `tree_heads`, `policy_versions`.
 * `npm run db:generate` turns this file into SQL under migrations/; what drizzle cannot express (roles,
 * grants, append-only triggers) lives in the hand-written migration next to the generated ones.
 *
 * Why `audit_events` is indexed and not partitioned by month:
 * - Idempotency. The queue consumer retries, so every insert is `ON CONFLICT (event_id) DO NOTHING`.
 *   On a partitioned table every unique constraint must contain the partition key, so the key would
 *   become (event_id, occurred_at) and a retry that carried a different occurred_at (clock re-read,
 *   device re-upload) would land as a second row. A plain primary key on event_id makes "exactly once"
 *   a database guarantee, whatever the caller sends.
 * - The Merkle link. `leaf_index` must be unique per tenant; partitioned, that too could only be
 *   enforced per (tenant, leaf_index, occurred_at), i.e. not at all.
 * - The usual win of partitions, dropping old months, is not something an append-only audit log does.
 *   Time-range reads are served by composite b-tree indexes that start with tenant (every query is
 *   tenant-scoped) and end with (occurred_at, event_id) so API paging is a keyset scan.
 * If volume ever demands it, the table can be converted by attaching it as one partition of a new
 * parent; the idempotency key would then move to a small `audit_event_ids` table.
 */
import { DECISIONS } from "@nethical/core";
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** Where an audit event was decided: at the edge Worker or in-process on a device. */
export const AUDIT_SOURCES = ["edge-worker", "device"] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

/** Lifecycle of a policy version: quarantine → canary → active → deprecated (see `POLICY_LIFECYCLE_STATUSES` in the core). */
export const POLICY_STATUSES = ["quarantine", "canary", "active", "deprecated"] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** `'A', 'B'` for an IN (…) list of fixed words; the words are constants, never user input. */
function sqlWords(words: readonly string[]) {
  return sql.raw(words.map((w) => `'${w}'`).join(", "));
}

/** One row per decision, written once by the queue consumer (or a device upload) and never changed. */
export const auditEvents = pgTable(
  "audit_events",
  {
    eventId: text("event_id").primaryKey(),
    tenant: text("tenant").notNull(),
    agentId: text("agent_id").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    requestHash: text("request_hash").notNull(),
    decision: text("decision", { enum: DECISIONS }).notNull(),
    riskScore: doublePrecision("risk_score").notNull(),
    violations: jsonb("violations").notNull().default(sql`'[]'::jsonb`),
    obligations: jsonb("obligations").notNull().default(sql`'[]'::jsonb`),
    explanation: jsonb("explanation").notNull(),
    policyVersion: text("policy_version").notNull(),
    policyHash: text("policy_hash").notNull(),
    latencyMs: doublePrecision("latency_ms").notNull(),
    leafIndex: bigint("leaf_index", { mode: "number" }).notNull(),
    source: text("source", { enum: AUDIT_SOURCES }).notNull(),
    deviceId: text("device_id"),
    /** The fairness cohort (context field and keyed pseudonym of its value), when the tenant names one. */
    cohortField: text("cohort_field"),
    cohortId: text("cohort_id"),
    /** When the row reached Postgres (not part of the signed event; useful to measure queue lag). */
    insertedAt: timestamp("inserted_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("audit_events_tenant_leaf_index_key").on(t.tenant, t.leafIndex),
    index("audit_events_tenant_occurred_at_idx").on(t.tenant, t.occurredAt, t.eventId),
    index("audit_events_tenant_agent_occurred_at_idx").on(t.tenant, t.agentId, t.occurredAt, t.eventId),
    index("audit_events_tenant_decision_occurred_at_idx").on(t.tenant, t.decision, t.occurredAt, t.eventId),
    index("audit_events_tenant_cohort_occurred_at_idx").on(t.tenant, t.cohortField, t.occurredAt).where(sql`${t.cohortField} IS NOT NULL`),
    check("audit_events_event_id_length", sql`length(${t.eventId}) BETWEEN 1 AND 128`),
    check("audit_events_decision_word", sql`${t.decision} IN (${sqlWords(DECISIONS)})`),
    check("audit_events_risk_score_range", sql`${t.riskScore} >= 0 AND ${t.riskScore} <= 1`),
    check("audit_events_latency_ms_nonnegative", sql`${t.latencyMs} >= 0`),
    check("audit_events_leaf_index_nonnegative", sql`${t.leafIndex} >= 0`),
    check("audit_events_source_word", sql`${t.source} IN (${sqlWords(AUDIT_SOURCES)})`),
    check(
      "audit_events_device_id_iff_device",
      sql`(${t.source} = 'device') = (${t.deviceId} IS NOT NULL)`,
    ),
    check("audit_events_violations_array", sql`jsonb_typeof(${t.violations}) = 'array'`),
    check("audit_events_obligations_array", sql`jsonb_typeof(${t.obligations}) = 'array'`),
    check("audit_events_cohort_pair", sql`(${t.cohortField} IS NULL) = (${t.cohortId} IS NULL)`),
  ],
);

/**
 * One row per admin change (policy transition, key issue/revoke, reinstatement, approval, appeal, stop):
 * the admin audit events of the same per-tenant Merkle log as `audit_events` (leaf indices of both tables
 * never collide: the AuditLog numbers them from one sequence). Written once, never changed. Holds every
 * field of the event, so its leaf can be rebuilt from the row (`adminEventFromRow`).
 */
export const adminEvents = pgTable(
  "admin_events",
  {
    eventId: text("event_id").primaryKey(),
    tenant: text("tenant").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    actorKeyId: text("actor_key_id").notNull(),
    actorRole: text("actor_role").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    reason: text("reason"),
    leafIndex: bigint("leaf_index", { mode: "number" }).notNull(),
    insertedAt: timestamp("inserted_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("admin_events_tenant_leaf_index_key").on(t.tenant, t.leafIndex),
    index("admin_events_tenant_occurred_at_idx").on(t.tenant, t.occurredAt, t.eventId),
    index("admin_events_tenant_action_occurred_at_idx").on(t.tenant, t.action, t.occurredAt, t.eventId),
    index("admin_events_tenant_target_idx").on(t.tenant, t.targetType, t.targetId, t.occurredAt),
    check("admin_events_event_id_length", sql`length(${t.eventId}) BETWEEN 1 AND 128`),
    check("admin_events_action_shape", sql`${t.action} ~ '^[a-z][a-z_]{0,31}\\.[a-z][a-z_]{0,31}$'`),
    check("admin_events_leaf_index_nonnegative", sql`${t.leafIndex} >= 0`),
    check("admin_events_before_object", sql`${t.before} IS NULL OR jsonb_typeof(${t.before}) = 'object'`),
    check("admin_events_after_object", sql`${t.after} IS NULL OR jsonb_typeof(${t.after}) = 'object'`),
  ],
);

/**
 * Signed tree heads of each tenant's Merkle log (RFC 6962 STH). A head is identified by
 * (tenant, tree_size, timestamp): the log may re-sign the same size later. A second head for the same
 * size with a different root is a split view and is refused by a trigger (hand-written migration).
 */
export const treeHeads = pgTable(
  "tree_heads",
  {
    tenant: text("tenant").notNull(),
    treeSize: bigint("tree_size", { mode: "number" }).notNull(),
    rootHash: text("root_hash").notNull(),
    timestamp: timestamp("timestamp", { withTimezone: true, mode: "date" }).notNull(),
    signature: text("signature").notNull(),
    keyId: text("key_id").notNull(),
  },
  (t) => [
    primaryKey({ name: "tree_heads_pkey", columns: [t.tenant, t.treeSize, t.timestamp] }),
    index("tree_heads_tenant_timestamp_idx").on(t.tenant, t.timestamp),
    check("tree_heads_tree_size_nonnegative", sql`${t.treeSize} >= 0`),
  ],
);

/** Every published version of every policy document, per tenant. Only `status` ever changes. */
export const policyVersions = pgTable(
  "policy_versions",
  {
    tenant: text("tenant").notNull(),
    policyId: text("policy_id").notNull(),
    version: text("version").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    hash: text("hash").notNull(),
    document: jsonb("document").notNull(),
    status: text("status", { enum: POLICY_STATUSES }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "policy_versions_pkey", columns: [t.tenant, t.policyId, t.version] }),
    index("policy_versions_tenant_seq_idx").on(t.tenant, t.seq),
    check("policy_versions_seq_nonnegative", sql`${t.seq} >= 0`),
    check("policy_versions_status_word", sql`${t.status} IN (${sqlWords(POLICY_STATUSES)})`),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type AdminEventRow = typeof adminEvents.$inferSelect;
export type NewAdminEvent = typeof adminEvents.$inferInsert;
export type TreeHeadRow = typeof treeHeads.$inferSelect;
export type NewTreeHead = typeof treeHeads.$inferInsert;
export type PolicyVersionRow = typeof policyVersions.$inferSelect;
export type NewPolicyVersion = typeof policyVersions.$inferInsert;
