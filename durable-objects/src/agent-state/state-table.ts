/**
 * AgentState's SQLite storage: one row (`id = 1`) per Durable Object with the agent's identity,
 * counters, token bucket, sticky TERMINATE and the last policy used (reinstatements: reinstatements.ts). All reads and writes are synchronous (`ctx.storage.sql`), so a caller that does not
 * `await` between reading and writing owns the row for that span.
 */
import type { AgentRow } from "@nethical/core";
import { ensureReinstatementSchema } from "./reinstatements.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS agent (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  tenant TEXT NOT NULL, agent_id TEXT NOT NULL, seq INTEGER NOT NULL,
  requests INTEGER NOT NULL, violations INTEGER NOT NULL,
  n_allow INTEGER NOT NULL, n_restrict INTEGER NOT NULL, n_block INTEGER NOT NULL, n_terminate INTEGER NOT NULL,
  tokens REAL NOT NULL, tokens_at INTEGER NOT NULL, rate_capacity INTEGER NOT NULL, rate_refill_per_s REAL NOT NULL,
  terminated INTEGER NOT NULL, terminated_reason TEXT, terminated_at INTEGER, terminated_seq INTEGER,
  terminated_decision_id TEXT,
  policy_seq INTEGER NOT NULL, policy_hash TEXT,
  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
  strikes INTEGER NOT NULL DEFAULT 0
);
`;

/**
 * Create the tables if they do not exist (before the first write).
 *
 * @example
 * ensureSchema(ctx.storage.sql);
 */
export function ensureSchema(sql: SqlStorage): void {
  sql.exec(SCHEMA);
  // Agents created before strikes were counted: add the column (their strikes start at 0).
  const columns = sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('agent')").toArray();
  if (!columns.some((c) => c.name === "strikes")) sql.exec("ALTER TABLE agent ADD COLUMN strikes INTEGER NOT NULL DEFAULT 0");
  ensureReinstatementSchema(sql);
}

/**
 * Whether the tables exist (they do once the agent has had a decision).
 *
 * @example
 * if (!hasSchema(ctx.storage.sql)) return null; // never decided: nothing to show
 */
export function hasSchema(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'agent'").toArray().length > 0;
}

/**
 * The agent row, or null before the agent's first decision.
 *
 * @example
 * const row = readRow(ctx.storage.sql);
 */
export function readRow(sql: SqlStorage): AgentRow | null {
  const rows = sql.exec<Record<string, SqlStorageValue>>("SELECT * FROM agent WHERE id = 1").toArray();
  const r = rows[0];
  if (r === undefined) return null;
  return {
    tenant: String(r.tenant),
    agent_id: String(r.agent_id),
    seq: Number(r.seq),
    requests: Number(r.requests),
    violations: Number(r.violations),
    strikes: Number(r.strikes ?? 0),
    decisions: { ALLOW: Number(r.n_allow), RESTRICT: Number(r.n_restrict), BLOCK: Number(r.n_block), TERMINATE: Number(r.n_terminate) },
    tokens: Number(r.tokens),
    tokens_at: Number(r.tokens_at),
    rate_capacity: Number(r.rate_capacity),
    rate_refill_per_s: Number(r.rate_refill_per_s),
    terminated: Number(r.terminated) === 1,
    terminated_reason: r.terminated_reason === null ? null : String(r.terminated_reason),
    terminated_at: r.terminated_at === null ? null : Number(r.terminated_at),
    terminated_seq: r.terminated_seq === null ? null : Number(r.terminated_seq),
    terminated_decision_id: r.terminated_decision_id === null ? null : String(r.terminated_decision_id),
    policy_seq: Number(r.policy_seq),
    policy_hash: r.policy_hash === null ? null : String(r.policy_hash),
    first_seen: Number(r.first_seen),
    last_seen: Number(r.last_seen),
  };
}

/**
 * Insert or replace the agent row.
 *
 * @example
 * writeRow(ctx.storage.sql, { ...row, seq: row.seq + 1 });
 */
export function writeRow(sql: SqlStorage, row: AgentRow): void {
  sql.exec(
    `INSERT OR REPLACE INTO agent (id, tenant, agent_id, seq, requests, violations, n_allow, n_restrict, n_block,
       n_terminate, tokens, tokens_at, rate_capacity, rate_refill_per_s, terminated, terminated_reason, terminated_at, terminated_seq,
       terminated_decision_id, policy_seq, policy_hash, first_seen, last_seen, strikes)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    row.tenant, row.agent_id, row.seq, row.requests, row.violations,
    row.decisions.ALLOW, row.decisions.RESTRICT, row.decisions.BLOCK, row.decisions.TERMINATE,
    row.tokens, row.tokens_at, row.rate_capacity, row.rate_refill_per_s, row.terminated ? 1 : 0, row.terminated_reason, row.terminated_at,
    row.terminated_seq, row.terminated_decision_id, row.policy_seq, row.policy_hash, row.first_seen, row.last_seen, row.strikes,
  );
}
