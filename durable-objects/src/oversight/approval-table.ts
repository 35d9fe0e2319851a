/**
 * The Oversight object's `approvals` table: one row per approval, bound to the agent and the request hash
 * it was opened for. Status moves pending → approved | denied, approved → used (once); `expired` is derived
 * at read time from `expires_at`, so nothing needs to run when an approval expires.
 */
import { refuse } from "../errors.ts";
import type { ApprovalDecideResult, ApprovalStatus, ApprovalSubject, ApprovalUseResult, ApprovalView, Page } from "./types.ts";

/**
 * Create the table and its index if they do not exist.
 *
 * @example
 * ensureApprovalTable(ctx.storage.sql);
 */
export function ensureApprovalTable(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS approvals (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    agent_id TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    action_type TEXT NOT NULL,
    tool TEXT,
    reason TEXT NOT NULL,
    risk_score REAL NOT NULL,
    laws TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    decided_by TEXT,
    decided_at INTEGER,
    note TEXT,
    used_at INTEGER,
    used_decision_id TEXT
  )`);
  sql.exec("CREATE INDEX IF NOT EXISTS approvals_by_request ON approvals (agent_id, request_hash, status)");
}

type Row = Record<string, SqlStorageValue>;

/**
 * A new approval id: `apr_` and 32 random hex characters.
 *
 * @example
 * newApprovalId(); // "apr_3f2a9c01d4e5b6a7…"
 */
export function newApprovalId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `apr_${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Open an approval for `subject`, or return the pending, unexpired one for the same agent and request hash
 * (an agent asking again while a person decides gets the same approval).
 *
 * @example
 * const { approval, reused } = openApproval(sql, subject, Date.now(), 3_600_000);
 */
export function openApproval(sql: SqlStorage, subject: ApprovalSubject, now: number, ttlMs: number): { approval: ApprovalView; reused: boolean } {
  const existing = sql
    .exec<Row>("SELECT * FROM approvals WHERE agent_id = ? AND request_hash = ? AND status = 'pending' AND expires_at > ? ORDER BY seq DESC LIMIT 1", subject.agent_id, subject.request_hash, now)
    .toArray()[0];
  if (existing !== undefined) return { approval: view(existing, now), reused: true };
  const id = newApprovalId();
  sql.exec(
    "INSERT INTO approvals (id, agent_id, request_hash, decision_id, action_type, tool, reason, risk_score, laws, requested_by, status, opened_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
    id, subject.agent_id, subject.request_hash, subject.decision_id, subject.action_type, subject.tool, subject.reason, subject.risk_score, JSON.stringify(subject.laws), subject.requested_by, now, now + ttlMs,
  );
  return { approval: view(rowById(sql, id) as Row, now), reused: false };
}

/**
 * One approval, or null.
 *
 * @example
 * getApproval(sql, "apr_…", Date.now())?.status; // "pending"
 */
export function getApproval(sql: SqlStorage, id: string, now: number): ApprovalView | null {
  const row = rowById(sql, id);
  return row === undefined ? null : view(row, now);
}

/** Filters of {@link listApprovals}. */
export interface ApprovalFilter {
  status?: ApprovalStatus;
  agent_id?: string;
  limit: number;
  /** From a previous page's `next_cursor`. */
  cursor?: string;
}

/**
 * Approvals matching `filter`, newest first.
 *
 * @example
 * listApprovals(sql, { status: "pending", limit: 50 }, Date.now()).items;
 */
export function listApprovals(sql: SqlStorage, filter: ApprovalFilter, now: number): Page<ApprovalView> {
  const where: string[] = [];
  const args: SqlStorageValue[] = [];
  switch (filter.status) {
    case undefined:
      break;
    case "expired":
      where.push("status IN ('pending', 'approved') AND expires_at <= ?");
      args.push(now);
      break;
    case "pending":
    case "approved":
      where.push("status = ? AND expires_at > ?");
      args.push(filter.status, now);
      break;
    default:
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
  const rows = sql.exec<Row>(`SELECT * FROM approvals ${clause} ORDER BY seq DESC LIMIT ?`, ...args, filter.limit + 1).toArray();
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return { items: page.map((r) => view(r, now)), next_cursor: rows.length > filter.limit && last !== undefined ? String(last.seq) : null };
}

/**
 * Approve or deny a pending, unexpired approval as `by` (a key id, which may not be the requester's).
 *
 * @example
 * decideApproval(sql, "apr_…", "approve", "k_op", "checked with finance", Date.now());
 */
export function decideApproval(sql: SqlStorage, id: string, verdict: "approve" | "deny", by: string, note: string | null, now: number): ApprovalDecideResult {
  const row = rowById(sql, id);
  if (row === undefined) return refuse("not_found", "this tenant has no approval with that id");
  const current = view(row, now);
  if (current.status !== "pending") return { ...refuse("not_pending", `the approval is ${current.status}; only a pending approval can be decided`), approval: current };
  if (current.requested_by === by) return refuse("self_approval", "the key whose request opened an approval may not decide it");
  sql.exec("UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ?", verdict === "approve" ? "approved" : "denied", by, now, note, id);
  return { ok: true, before: "pending", approval: view(rowById(sql, id) as Row, now) };
}

/**
 * Whether `agentId`'s retry of the request with `requestHash` may use approval `id` (approved, unexpired,
 * unused, same agent, same request). A different agent or request is refused whatever the status.
 *
 * @example
 * checkApproval(sql, "apr_…", "robot-7", hash, Date.now()); // { ok: true, grant } or a refusal
 */
export function checkApproval(sql: SqlStorage, id: string, agentId: string, requestHash: string, now: number): ApprovalUseResult {
  const row = rowById(sql, id);
  if (row === undefined) return refuse("not_found", "this tenant has no approval with that id");
  const approval = view(row, now);
  if (approval.agent_id !== agentId) return refuse("wrong_agent", "the approval was opened for another agent");
  if (approval.request_hash !== requestHash) return refuse("wrong_request", "the approval was opened for a different request (action, type, tool, context, intent or inputs differ)");
  switch (approval.status) {
    case "pending":
      return refuse("pending", "the approval has not been decided yet; retry once it is approved");
    case "denied":
      return refuse("denied", "the approval was denied");
    case "used":
      return refuse("used", "the approval was used already; an approval allows one retry");
    case "expired":
      return refuse("expired", "the approval expired; a new request opens a new one");
    case "approved":
      return { ok: true, grant: { id, decidedBy: approval.decided_by as string, decidedAt: Date.parse(approval.decided_at as string) }, approval };
  }
}

/**
 * {@link checkApproval}, and if it passes mark the approval used by `decisionId` — in one synchronous step,
 * so two retries cannot both use it.
 *
 * @example
 * const claimed = claimApproval(sql, "apr_…", "robot-7", hash, "d-42", Date.now());
 */
export function claimApproval(sql: SqlStorage, id: string, agentId: string, requestHash: string, decisionId: string, now: number): ApprovalUseResult {
  const checked = checkApproval(sql, id, agentId, requestHash, now);
  if (!checked.ok) return checked;
  sql.exec("UPDATE approvals SET status = 'used', used_at = ?, used_decision_id = ? WHERE id = ?", now, decisionId, id);
  return { ...checked, approval: view(rowById(sql, id) as Row, now) };
}

function rowById(sql: SqlStorage, id: string): Row | undefined {
  return sql.exec<Row>("SELECT * FROM approvals WHERE id = ?", id).toArray()[0];
}

function iso(ms: SqlStorageValue | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();
}

function view(r: Row, now: number): ApprovalView {
  const stored = String(r.status) as ApprovalStatus;
  const expired = (stored === "pending" || stored === "approved") && Number(r.expires_at) <= now;
  return {
    approval_id: String(r.id),
    status: expired ? "expired" : stored,
    agent_id: String(r.agent_id),
    request_hash: String(r.request_hash),
    decision_id: String(r.decision_id),
    action_type: String(r.action_type),
    tool: r.tool === null ? null : String(r.tool),
    reason: String(r.reason),
    risk_score: Number(r.risk_score),
    laws: JSON.parse(String(r.laws)) as number[],
    requested_by: String(r.requested_by),
    opened_at: iso(r.opened_at) as string,
    expires_at: iso(r.expires_at) as string,
    decided_by: r.decided_by === null ? null : String(r.decided_by),
    decided_at: iso(r.decided_at),
    note: r.note === null ? null : String(r.note),
    used_at: iso(r.used_at),
    used_decision_id: r.used_decision_id === null ? null : String(r.used_decision_id),
  };
}
