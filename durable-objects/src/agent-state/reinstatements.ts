/**
 * AgentState's append-only record of operator reinstatements: who lifted a TERMINATE, when, why, and
 * which decision (seq) had terminated the agent.
 */

/** One operator reinstatement, as listed in an agent's view. */
export interface Reinstatement {
  at: number;
  operator_key_id: string;
  reason: string;
  terminated_seq: number | null;
}

/**
 * Create the table if it does not exist.
 *
 * @example
 * ensureReinstatementSchema(ctx.storage.sql);
 */
export function ensureReinstatementSchema(sql: SqlStorage): void {
  sql.exec(
    "CREATE TABLE IF NOT EXISTS reinstatements (at INTEGER NOT NULL, operator_key_id TEXT NOT NULL, reason TEXT NOT NULL, terminated_seq INTEGER)",
  );
}

/**
 * Append a reinstatement record.
 *
 * @example
 * addReinstatement(sql, { at: now, operator_key_id: "k1", reason: "false positive", terminated_seq: 7 });
 */
export function addReinstatement(sql: SqlStorage, r: Reinstatement): void {
  sql.exec(
    "INSERT INTO reinstatements (at, operator_key_id, reason, terminated_seq) VALUES (?, ?, ?, ?)",
    r.at, r.operator_key_id, r.reason, r.terminated_seq,
  );
}

/**
 * The latest `limit` reinstatements, newest first.
 *
 * @example
 * const recent = listReinstatements(sql, 10);
 */
export function listReinstatements(sql: SqlStorage, limit: number): Reinstatement[] {
  return sql
    .exec<Record<string, SqlStorageValue>>("SELECT * FROM reinstatements ORDER BY rowid DESC LIMIT ?", limit)
    .toArray()
    .map((r) => ({
      at: Number(r.at),
      operator_key_id: String(r.operator_key_id),
      reason: String(r.reason),
      terminated_seq: r.terminated_seq === null ? null : Number(r.terminated_seq),
    }));
}
