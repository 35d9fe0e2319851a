/**
 * Per-agent state on the device: the same AgentRow the AgentState Durable Object keeps, so the device's
 * transition (token bucket, counters, sticky TERMINATE) is the cloud's, byte for byte. Rows are cached
 * in memory and persisted in the decision log's transaction.
 */
import { newRow, type AgentRow, type Decision, type RateLimit } from "@nethical/core";
import type { DecisionLog } from "../log/decision-log.ts";

export class AgentRows {
  readonly #log: DecisionLog;
  readonly #tenant: string;
  readonly #cache = new Map<string, AgentRow>();

  /**
   * @example
   * const rows = new AgentRows(log, "acme");
   */
  constructor(log: DecisionLog, tenant: string) {
    this.#log = log;
    this.#tenant = tenant;
  }

  /**
   * The agent's row: cached, else persisted, else a fresh one with a full bucket.
   *
   * @example
   * const row = rows.get("robot-7", { capacity: 600, refill_per_s: 10 }, Date.now());
   */
  get(agentId: string, limit: RateLimit, now: number): AgentRow {
    const hit = this.#cache.get(agentId);
    if (hit !== undefined) return hit;
    const stored = this.#log.agentRow(agentId);
    // Rows stored before strikes were counted have none: they start at 0.
    const row = stored === undefined ? newRow(this.#tenant, agentId, limit, now) : withStrikes(JSON.parse(stored) as Omit<AgentRow, "strikes"> & { strikes?: number });
    this.#cache.set(agentId, row);
    return row;
  }

  /**
   * Remember the row after it was persisted.
   *
   * @example
   * rows.set(next);
   */
  set(row: AgentRow): void {
    this.#cache.set(row.agent_id, row);
  }
}

/**
 * The row with one decision re-counted as another (the device raised core's decision: offline
 * threshold or fail closed). Never creates or lifts TERMINATE: the device never raises to TERMINATE.
 *
 * @example
 * recount(row, "ALLOW", "RESTRICT").violations; // row.violations + 1
 */
export function recount(row: AgentRow, from: Decision, to: Decision): AgentRow {
  if (from === to) return row;
  const decisions = { ...row.decisions, [from]: Math.max(0, row.decisions[from] - 1), [to]: row.decisions[to] + 1 };
  const violations = row.violations + (from === "ALLOW" ? 1 : 0) - (to === "ALLOW" ? 1 : 0);
  return { ...row, decisions, violations };
}

function withStrikes(row: Omit<AgentRow, "strikes"> & { strikes?: number }): AgentRow {
  return { ...row, strikes: row.strikes ?? 0 };
}
