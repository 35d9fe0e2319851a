/**
 * The Oversight object's `appeals` table: one appeal per decision, filed by the agent's owner with
 * evidence, decided once by an operator (upheld or rejected, with a reason). For an upheld TERMINATE the
 * Worker reinstates the agent and notes here whether it did.
 */
import { refuse } from "../errors.ts";
import type { AppealDecideResult, AppealFileResult, AppealFiling, AppealStatus, AppealView, Page } from "./types.ts";

/**
 * Create the table if it does not exist.
 *
 * @example
 * ensureAppealTable(ctx.storage.sql);
 */
export function ensureAppealTable(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS appeals (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    decision_id TEXT NOT NULL UNIQUE,
    agent_id TEXT NOT NULL,
    decision TEXT NOT NULL,
    source TEXT NOT NULL,
    evidence TEXT NOT NULL,
    evidence_sha256 TEXT NOT NULL,
    filed_by TEXT NOT NULL,
    filed_role TEXT NOT NULL,
    filed_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT,
    decided_at INTEGER,
    reason TEXT,
    reinstated INTEGER,
    reinstate_note TEXT
  )`);
}

type Row = Record<string, SqlStorageValue>;

/**
 * A new appeal id: `apl_` and 32 random hex characters.
 *
 * @example
 * newAppealId(); // "apl_9c01d4e5…"
 */
export function newAppealId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `apl_${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * File an appeal; refused (with the existing one) when the decision has been appealed already.
 *
 * @example
 * fileAppeal(sql, { decision_id: "d-1", agent_id: "arm-1", decision: "TERMINATE", source: "edge-worker", evidence: "…", evidence_sha256, filed_by: "k_ag", filed_role: "agent" }, Date.now());
 */
export function fileAppeal(sql: SqlStorage, filing: AppealFiling, now: number): AppealFileResult {
  const existing = sql.exec<Row>("SELECT * FROM appeals WHERE decision_id = ?", filing.decision_id).toArray()[0];
  if (existing !== undefined) return { ...refuse("exists", "this decision has been appealed already (one appeal per decision)"), appeal: view(existing) };
  const id = newAppealId();
  sql.exec(
    "INSERT INTO appeals (id, decision_id, agent_id, decision, source, evidence, evidence_sha256, filed_by, filed_role, filed_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')",
    id, filing.decision_id, filing.agent_id, filing.decision, filing.source, filing.evidence, filing.evidence_sha256, filing.filed_by, filing.filed_role, now,
  );
  return { ok: true, appeal: view(rowById(sql, id) as Row) };
}

/**
 * One appeal, or null.
 *
 * @example
 * getAppeal(sql, "apl_…")?.status; // "pending"
 */
export function getAppeal(sql: SqlStorage, id: string): AppealView | null {
  const row = rowById(sql, id);
  return row === undefined ? null : view(row);
}

/** Filters of {@link listAppeals}. */
export interface AppealFilter {
  status?: AppealStatus;
  agent_id?: string;
  limit: number;
  cursor?: string;
}

/**
 * Appeals matching `filter`, newest first.
 *
 * @example
 * listAppeals(sql, { status: "pending", limit: 50 }).items;
 */
export function listAppeals(sql: SqlStorage, filter: AppealFilter): Page<AppealView> {
  const where: string[] = [];
  const args: SqlStorageValue[] = [];
  if (filter.status !== undefined) {
    where.push("status = ?");
    args.push(filter.status);
  }
  if (filter.agent_id !== undefined) {
    where.push("agent_id = ?");
    args.push(filter.agent_id);
  }
  if (filter.cursor !== undefined) {
    where.push("seq < ?");
    args.push(Number(filter.cursor));
  }
  const clause = where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`;
  const rows = sql.exec<Row>(`SELECT * FROM appeals ${clause} ORDER BY seq DESC LIMIT ?`, ...args, filter.limit + 1).toArray();
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return { items: page.map(view), next_cursor: rows.length > filter.limit && last !== undefined ? String(last.seq) : null };
}

/**
 * Uphold or reject a pending appeal as `by` (a key id other than the filer's), with a reason.
 *
 * @example
 * decideAppeal(sql, "apl_…", "uphold", "k_op", "the command ran in a sandbox", Date.now());
 */
export function decideAppeal(sql: SqlStorage, id: string, verdict: "uphold" | "reject", by: string, reason: string, now: number): AppealDecideResult {
  const row = rowById(sql, id);
  if (row === undefined) return refuse("not_found", "this tenant has no appeal with that id");
  const current = view(row);
  if (current.status !== "pending") return { ...refuse("not_pending", `the appeal was ${current.status} already`), appeal: current };
  if (current.filed_by === by) return refuse("self_decision", "the key that filed an appeal may not decide it");
  sql.exec("UPDATE appeals SET status = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?", verdict === "uphold" ? "upheld" : "rejected", by, now, reason, id);
  return { ok: true, appeal: view(rowById(sql, id) as Row) };
}

/**
 * Note whether an upheld appeal's agent was reinstated, and why not when it was not.
 *
 * @example
 * noteReinstatement(sql, "apl_…", true, null);
 */
export function noteReinstatement(sql: SqlStorage, id: string, reinstated: boolean, note: string | null): AppealView | null {
  sql.exec("UPDATE appeals SET reinstated = ?, reinstate_note = ? WHERE id = ?", reinstated ? 1 : 0, note, id);
  return getAppeal(sql, id);
}

function rowById(sql: SqlStorage, id: string): Row | undefined {
  return sql.exec<Row>("SELECT * FROM appeals WHERE id = ?", id).toArray()[0];
}

function iso(ms: SqlStorageValue | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();
}

function view(r: Row): AppealView {
  return {
    appeal_id: String(r.id),
    status: String(r.status) as AppealStatus,
    decision_id: String(r.decision_id),
    agent_id: String(r.agent_id),
    decision: String(r.decision),
    source: String(r.source),
    evidence: String(r.evidence),
    evidence_sha256: String(r.evidence_sha256),
    filed_by: String(r.filed_by),
    filed_role: String(r.filed_role),
    filed_at: iso(r.filed_at) as string,
    decided_by: r.decided_by === null ? null : String(r.decided_by),
    decided_at: iso(r.decided_at),
    reason: r.reason === null ? null : String(r.reason),
    reinstated: r.reinstated === null ? null : Number(r.reinstated) === 1,
    reinstate_note: r.reinstate_note === null ? null : String(r.reinstate_note),
  };
}
