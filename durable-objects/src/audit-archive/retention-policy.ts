/**
 * A tenant's audit retention policy: how long sealed segments stay in each archive tier and when they are
 * deleted. Kept in the tenant's AuditLog (`archive_policy`), set by an admin through
 * `PUT /v2/audit/retention` (an audited change: admin action `audit_retention.set`).
 */
import { z } from "zod";

const Days = z.number().int().min(1).max(36_500);

/** The policy: a segment is hot for `hot_days`, warm until `warm_days`, cold until `retention_days`, then deleted. */
export const RetentionPolicySchema = z
  .strictObject({
    hot_days: Days,
    warm_days: Days,
    retention_days: Days,
  })
  .refine((p) => p.hot_days <= p.warm_days && p.warm_days <= p.retention_days, { message: "need hot_days ≤ warm_days ≤ retention_days" });
export type RetentionPolicy = z.infer<typeof RetentionPolicySchema>;

/** The default: 30 days hot, a year warm, 7 years (2557 days) in all. */
export const DEFAULT_RETENTION: RetentionPolicy = { hot_days: 30, warm_days: 365, retention_days: 2557 };

/** A stored policy with its rule id (what tombstones and deletion events name) and when it was set. */
export interface StoredRetention extends RetentionPolicy {
  rule_id: string;
  set_at: number | null;
}

const SCHEMA = "CREATE TABLE IF NOT EXISTS archive_policy (id INTEGER PRIMARY KEY CHECK (id = 1), policy TEXT NOT NULL, version INTEGER NOT NULL, set_at INTEGER NOT NULL)";

/**
 * The tenant's policy (the default, rule `<tenant>/retention/default`, until one is set).
 *
 * @example
 * readRetention(sql, "acme").retention_days; // 2557
 */
export function readRetention(sql: SqlStorage, tenant: string): StoredRetention {
  sql.exec(SCHEMA);
  const row = sql.exec<{ policy: string; version: number; set_at: number }>("SELECT policy, version, set_at FROM archive_policy WHERE id = 1").toArray()[0];
  if (row === undefined) return { ...DEFAULT_RETENTION, rule_id: `${tenant}/retention/default`, set_at: null };
  return { ...(JSON.parse(row.policy) as RetentionPolicy), rule_id: `${tenant}/retention/v${Number(row.version)}`, set_at: Number(row.set_at) };
}

/**
 * Store a new policy (a new rule version); returns the old and the new.
 *
 * @example
 * writeRetention(sql, "acme", { hot_days: 7, warm_days: 90, retention_days: 2557 }, Date.now());
 */
export function writeRetention(sql: SqlStorage, tenant: string, policy: RetentionPolicy, now: number): { before: StoredRetention; after: StoredRetention } {
  const before = readRetention(sql, tenant);
  const version = sql.exec<{ v: number | null }>("SELECT MAX(version) AS v FROM archive_policy").one().v ?? 0;
  sql.exec("INSERT OR REPLACE INTO archive_policy (id, policy, version, set_at) VALUES (1, ?, ?, ?)", JSON.stringify(RetentionPolicySchema.parse(policy)), Number(version) + 1, now);
  return { before, after: readRetention(sql, tenant) };
}
