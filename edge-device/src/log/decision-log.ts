/**
 * The durable decision log: every decision is appended (with the agent's new state, in the same
 * transaction) BEFORE `evaluate` returns it; the uploader reads pending events in order and marks them
 * uploaded only after the Worker answered 2xx. Disk use is bounded by `max_pending` (events not yet
 * uploaded; uploaded ones beyond `keep_uploaded` are pruned): at the bound the log never drops anything,
 * it reports full and the governor refuses or fails closed, as configured.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

/** One stored event, as the uploader reads it. */
export interface StoredEvent {
  seq: number;
  event_id: string;
  body: string;
}

/** Thrown by a governor configured with `when_full: "refuse"` when the log is full. */
export class LogFullError extends Error {
  constructor(pending: number) {
    super(`decision log is full (${pending} events not yet uploaded); refusing to decide without recording`);
    this.name = "LogFullError";
  }
}

export class DecisionLog {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #saveAgent: StatementSync;
  readonly #pending: StatementSync;
  readonly #maxPending: number;
  readonly #keepUploaded: number;
  #pendingCount: number;

  /**
   * @example
   * const log = new DecisionLog(openDeviceDb(file), { maxPending: 1_000_000, keepUploaded: 10_000 });
   */
  constructor(db: DatabaseSync, limits: { maxPending: number; keepUploaded: number }) {
    this.#db = db;
    this.#maxPending = limits.maxPending;
    this.#keepUploaded = limits.keepUploaded;
    this.#insert = db.prepare("INSERT INTO events (event_id, at, agent_id, body, device) VALUES (?, ?, ?, ?, ?)");
    this.#saveAgent = db.prepare("INSERT INTO agents (agent_id, row) VALUES (?, ?) ON CONFLICT (agent_id) DO UPDATE SET row = excluded.row");
    this.#pending = db.prepare("SELECT seq, event_id, body FROM events WHERE uploaded = 0 ORDER BY seq LIMIT ?");
    this.#pendingCount = Number((db.prepare("SELECT COUNT(*) AS n FROM events WHERE uploaded = 0").get() as { n: number }).n);
  }

  /** Events not yet uploaded. */
  get pendingCount(): number {
    return this.#pendingCount;
  }

  /** True when one more event would exceed `max_pending`. */
  get full(): boolean {
    return this.#pendingCount >= this.#maxPending;
  }

  /**
   * Append an event and the agent's new state in one durable transaction (returns after the commit).
   *
   * @example
   * log.append({ eventId, at: now, agentId: "robot-7", body: JSON.stringify(event), device: JSON.stringify(facts), agentRow: JSON.stringify(row) });
   */
  append(entry: { eventId: string; at: number; agentId: string; body: string; device: string; agentRow?: string }): void {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      this.#insert.run(entry.eventId, entry.at, entry.agentId, entry.body, entry.device);
      if (entry.agentRow !== undefined) this.#saveAgent.run(entry.agentId, entry.agentRow);
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
    this.#pendingCount++;
  }

  /**
   * The oldest `limit` events not yet uploaded, in log order.
   *
   * @example
   * const batch = log.pending(500);
   */
  pending(limit: number): StoredEvent[] {
    return (this.#pending.all(limit) as unknown as StoredEvent[]).map((r) => ({ seq: Number(r.seq), event_id: r.event_id, body: r.body }));
  }

  /**
   * Mark events uploaded (after a 2xx) and prune uploaded events beyond `keep_uploaded`.
   *
   * @example
   * log.markUploaded(batch.map((e) => e.seq));
   */
  markUploaded(seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const mark = this.#db.prepare("UPDATE events SET uploaded = 1 WHERE seq = ? AND uploaded = 0");
      let changed = 0;
      for (const seq of seqs) changed += Number(mark.run(seq).changes);
      this.#db.prepare("DELETE FROM events WHERE uploaded = 1 AND seq <= (SELECT MAX(seq) FROM events) - ?").run(this.#keepUploaded);
      this.#db.exec("COMMIT");
      this.#pendingCount -= changed;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /**
   * The agent's stored state (JSON), or undefined for an agent never decided on this device.
   *
   * @example
   * const row = log.agentRow("robot-7");
   */
  agentRow(agentId: string): string | undefined {
    const row = this.#db.prepare("SELECT row FROM agents WHERE agent_id = ?").get(agentId) as { row: string } | undefined;
    return row?.row;
  }

  /**
   * Store an agent's state without a decision (an operator's terminate or reinstatement from the cloud).
   * No transaction of its own: the caller runs it inside one with what must commit with it.
   *
   * @example
   * log.saveAgentRow("robot-7", JSON.stringify(row));
   */
  saveAgentRow(agentId: string, row: string): void {
    this.#saveAgent.run(agentId, row);
  }

  /**
   * Counts for `status`: total events held, pending, uploaded, last log seq.
   *
   * @example
   * log.stats(); // { events: 12, pending: 2, uploaded: 10, last_seq: 12 }
   */
  stats(): { events: number; pending: number; uploaded: number; last_seq: number } {
    const r = this.#db.prepare("SELECT COUNT(*) AS n, COALESCE(SUM(uploaded), 0) AS up, COALESCE(MAX(seq), 0) AS last FROM events").get() as {
      n: number;
      up: number;
      last: number;
    };
    return { events: Number(r.n), pending: Number(r.n) - Number(r.up), uploaded: Number(r.up), last_seq: Number(r.last) };
  }
}
