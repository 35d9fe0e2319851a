/**
 * Oversight Durable Object, one per tenant (name: the tenant id): the people's side of decisions —
 * human approvals of `require_human_approval` obligations and appeals of decisions. One object per tenant
 * makes every approval and appeal of a tenant listable in one place, strongly consistent, and makes "used at
 * most once" a single synchronous step (claimApproval). It is called only when a decision needs a person
 * (a RESTRICT requiring approval, a retry with `approval_id`) and by the /v2/approvals and /v2/appeals
 * routes, never on an ordinary decision. A tenant that never had either gets nothing written.
 */
import { DurableObject } from "cloudflare:workers";
import { DurableObjectError } from "../errors.ts";
import { decideAppeal, ensureAppealTable, fileAppeal, getAppeal, listAppeals, noteReinstatement, type AppealFilter } from "./appeal-table.ts";
import { checkApproval, claimApproval, decideApproval, ensureApprovalTable, getApproval, listApprovals, openApproval, type ApprovalFilter } from "./approval-table.ts";
import type {
  AppealDecideResult,
  AppealFileResult,
  AppealFiling,
  AppealView,
  ApprovalDecideResult,
  ApprovalOpenResult,
  ApprovalSubject,
  ApprovalUseResult,
  ApprovalView,
  Page,
} from "./types.ts";

export class Oversight extends DurableObject<Env> {
  #tenant: string | null = null;
  #ready = false;

  /**
   * Open an approval for a RESTRICT that requires one (or return the pending one for the same request).
   *
   * @example
   * const { approval } = await stub.openApproval("acme", subject, Date.now(), 3_600_000);
   */
  openApproval(tenant: string, subject: ApprovalSubject, now: number, ttlMs: number): ApprovalOpenResult {
    return openApproval(this.#open(tenant), subject, now, ttlMs);
  }

  /**
   * One approval, or null.
   *
   * @example
   * await stub.getApproval("acme", "apr_…", Date.now());
   */
  getApproval(tenant: string, id: string, now: number): ApprovalView | null {
    const sql = this.#read(tenant);
    return sql === null ? null : getApproval(sql, id, now);
  }

  /**
   * A page of approvals, newest first.
   *
   * @example
   * await stub.listApprovals("acme", { status: "pending", limit: 50 }, Date.now());
   */
  listApprovals(tenant: string, filter: ApprovalFilter, now: number): Page<ApprovalView> {
    const sql = this.#read(tenant);
    return sql === null ? { items: [], next_cursor: null } : listApprovals(sql, filter, now);
  }

  /**
   * Approve or deny.
   *
   * @example
   * await stub.decideApproval("acme", "apr_…", "approve", "k_op", null, Date.now());
   */
  decideApproval(tenant: string, id: string, verdict: "approve" | "deny", by: string, note: string | null, now: number): ApprovalDecideResult {
    const sql = this.#read(tenant);
    if (sql === null) return { ok: false, code: "not_found", message: "this tenant has no approval with that id" };
    return decideApproval(sql, id, verdict, by, note, now);
  }

  /**
   * Whether a retry may use the approval (read only).
   *
   * @example
   * await stub.checkApproval("acme", "apr_…", "robot-7", hash, Date.now());
   */
  checkApproval(tenant: string, id: string, agentId: string, requestHash: string, now: number): ApprovalUseResult {
    const sql = this.#read(tenant);
    if (sql === null) return { ok: false, code: "not_found", message: "this tenant has no approval with that id" };
    return checkApproval(sql, id, agentId, requestHash, now);
  }

  /**
   * Check and mark used by `decisionId`, atomically.
   *
   * @example
   * await stub.claimApproval("acme", "apr_…", "robot-7", hash, "d-42", Date.now());
   */
  claimApproval(tenant: string, id: string, agentId: string, requestHash: string, decisionId: string, now: number): ApprovalUseResult {
    const sql = this.#read(tenant);
    if (sql === null) return { ok: false, code: "not_found", message: "this tenant has no approval with that id" };
    return claimApproval(sql, id, agentId, requestHash, decisionId, now);
  }

  /**
   * File an appeal (one per decision).
   *
   * @example
   * await stub.fileAppeal("acme", filing, Date.now());
   */
  fileAppeal(tenant: string, filing: AppealFiling, now: number): AppealFileResult {
    return fileAppeal(this.#open(tenant), filing, now);
  }

  /**
   * One appeal, or null.
   *
   * @example
   * await stub.getAppeal("acme", "apl_…");
   */
  getAppeal(tenant: string, id: string): AppealView | null {
    const sql = this.#read(tenant);
    return sql === null ? null : getAppeal(sql, id);
  }

  /**
   * A page of appeals, newest first.
   *
   * @example
   * await stub.listAppeals("acme", { status: "pending", limit: 50 });
   */
  listAppeals(tenant: string, filter: AppealFilter): Page<AppealView> {
    const sql = this.#read(tenant);
    return sql === null ? { items: [], next_cursor: null } : listAppeals(sql, filter);
  }

  /**
   * Uphold or reject.
   *
   * @example
   * await stub.decideAppeal("acme", "apl_…", "uphold", "k_op", "sandboxed", Date.now());
   */
  decideAppeal(tenant: string, id: string, verdict: "uphold" | "reject", by: string, reason: string, now: number): AppealDecideResult {
    const sql = this.#read(tenant);
    if (sql === null) return { ok: false, code: "not_found", message: "this tenant has no appeal with that id" };
    return decideAppeal(sql, id, verdict, by, reason, now);
  }

  /**
   * Note the reinstatement outcome of an upheld appeal.
   *
   * @example
   * await stub.noteReinstatement("acme", "apl_…", true, null);
   */
  noteReinstatement(tenant: string, id: string, reinstated: boolean, note: string | null): AppealView | null {
    return noteReinstatement(this.#open(tenant), id, reinstated, note);
  }

  #storedTenant(): string | null {
    if (this.#tenant !== null) return this.#tenant;
    const sql = this.ctx.storage.sql;
    if (sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length === 0) return null;
    const row = sql.exec("SELECT value FROM meta WHERE key = 'tenant'").toArray()[0];
    this.#tenant = row === undefined ? null : String(row.value);
    return this.#tenant;
  }

  /** The storage for `tenant` if it was ever written, else null; creates nothing. */
  #read(tenant: string): SqlStorage | null {
    return this.#storedTenant() === null ? null : this.#open(tenant);
  }

  #open(tenant: string): SqlStorage {
    const sql = this.ctx.storage.sql;
    const stored = this.#storedTenant();
    if (stored === null) {
      sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      sql.exec("INSERT INTO meta (key, value) VALUES ('tenant', ?)", tenant);
      this.#tenant = tenant;
    } else if (stored !== tenant) throw new DurableObjectError("wrong_object", "Oversight called with another tenant's name");
    if (!this.#ready) {
      ensureApprovalTable(sql);
      ensureAppealTable(sql);
      this.#ready = true;
    }
    return sql;
  }
}
