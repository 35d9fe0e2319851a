/**
 * WebhookInbox Durable Object, one per tenant (name: the tenant id): the tenant's inbound webhook signing
 * secrets per source (with rotation: two valid at once) and the `webhook-id`s it has seen, with their first
 * answers, strongly consistent — so a sender's retry gets the first decision and is never evaluated twice.
 * An alarm forgets ids past their retention and secrets past their grace period. A tenant that never had a
 * secret gets nothing written (verification reads create no storage).
 */
import { DurableObject } from "cloudflare:workers";
import { DurableObjectError, refuse } from "../errors.ts";
import {
  deleteSecret,
  ensureSecretTable,
  expireSecret,
  INBOUND_SECRET_GRACE_MS,
  insertSecret,
  newInboundSecret,
  pruneExpiredSecrets,
  secretView,
  validSecrets,
} from "./secret-table.ts";
import { claimId, ensureSeenTable, nextExpiry, pruneSeenIds, releaseId, storeAnswer } from "./seen-table.ts";
import type { ClaimResult, CreateInboundSecretResult, InboundSecretView, RotateInboundSecretResult, StoredAnswer } from "./types.ts";

export class WebhookInbox extends DurableObject<Env> {
  #tenant: string | null = null;
  #ready = false;

  /**
   * Create the first secret of `source` (the value is returned this once); refused when it has one.
   *
   * @example
   * const r = await stub.createSecret("acme", "openai", Date.now()); // r.secret: "whsec_…"
   */
  createSecret(tenant: string, source: string, now: number): CreateInboundSecretResult {
    const sql = this.#open(tenant);
    if (validSecrets(sql, source, now).length > 0) return refuse("exists", `source '${source}' has a secret already; rotate it instead`);
    const row = insertSecret(sql, source, newInboundSecret(), now);
    return { ok: true, view: secretView(row), secret: row.secret };
  }

  /**
   * Add a new secret; the current one keeps verifying for INBOUND_SECRET_GRACE_MS (or until retired).
   * Refused when there is none, or when a previous one is still in its grace period (retire it first).
   *
   * @example
   * const r = await stub.rotateSecret("acme", "openai", Date.now());
   */
  async rotateSecret(tenant: string, source: string, now: number): Promise<RotateInboundSecretResult> {
    const sql = this.#open(tenant);
    const valid = validSecrets(sql, source, now);
    const current = valid[0];
    if (current === undefined) return refuse("none", `source '${source}' has no secret to rotate; create one`);
    if (valid.length > 1) {
      const previous = valid.slice(1).map((s) => s.id).join(", ");
      return refuse("two_valid", `two secrets are valid already; retire ${previous} (or wait for its grace period to end) before rotating again`);
    }
    const row = this.ctx.storage.transactionSync(() => {
      expireSecret(sql, current.id, now + INBOUND_SECRET_GRACE_MS);
      return insertSecret(sql, source, newInboundSecret(), now);
    });
    await this.#scheduleAlarm(now + INBOUND_SECRET_GRACE_MS);
    return { ok: true, view: secretView(row), secret: row.secret };
  }

  /**
   * The valid secrets of `source`, newest first, without their values.
   *
   * @example
   * await stub.listSecrets("acme", "openai", Date.now()); // [{ id, source, created_at, expires_at }]
   */
  listSecrets(tenant: string, source: string, now: number): InboundSecretView[] {
    const sql = this.#read(tenant);
    return sql === null ? [] : validSecrets(sql, source, now).map(secretView);
  }

  /**
   * Delete a secret now; whether it existed.
   *
   * @example
   * await stub.retireSecret("acme", "openai", "whk_…"); // true
   */
  retireSecret(tenant: string, source: string, id: string): boolean {
    const sql = this.#read(tenant);
    return sql === null ? false : deleteSecret(sql, source, id);
  }

  /**
   * The secret values that verify a delivery from `source` now (none for a tenant or source without one).
   * Writes nothing.
   *
   * @example
   * const secrets = await stub.verificationSecrets("acme", "openai", Date.now()); // ["whsec_…"]
   */
  verificationSecrets(tenant: string, source: string, now: number): string[] {
    const sql = this.#read(tenant);
    return sql === null ? [] : validSecrets(sql, source, now).map((s) => s.secret);
  }

  /**
   * Claim a verified delivery's `webhook-id` (see ClaimResult). Call only after the signature verified.
   *
   * @example
   * const claim = await stub.claim("acme", "openai", "msg_2b…", bodySha256Hex, signedAtSeconds, Date.now());
   */
  async claim(tenant: string, source: string, webhookId: string, bodyHash: string, signedAt: number, now: number): Promise<ClaimResult> {
    const sql = this.#open(tenant);
    const result = claimId(sql, source, webhookId, bodyHash, signedAt, now);
    if (result.kind === "new") {
      const at = nextExpiry(sql);
      if (at !== null) await this.#scheduleAlarm(at);
    }
    return result;
  }

  /**
   * Keep the answer to a claimed id, for the sender's retries.
   *
   * @example
   * await stub.complete("acme", "openai", "msg_2b…", { status: 200, body, headers });
   */
  complete(tenant: string, source: string, webhookId: string, answer: StoredAnswer): void {
    storeAnswer(this.#open(tenant), source, webhookId, answer);
  }

  /**
   * Give up a claim whose decision failed, so a retry is evaluated.
   *
   * @example
   * await stub.release("acme", "openai", "msg_2b…");
   */
  release(tenant: string, source: string, webhookId: string): void {
    releaseId(this.#open(tenant), source, webhookId);
  }

  /** Forget ids past their retention and secrets past their grace period; come back for the next. */
  override async alarm(): Promise<void> {
    const tenant = this.#storedTenant();
    if (tenant === null) return;
    const sql = this.#open(tenant);
    const now = Date.now();
    pruneExpiredSecrets(sql, now);
    pruneSeenIds(sql, now);
    const seenAt = nextExpiry(sql);
    const secretAt = sql.exec("SELECT MIN(expires_at) AS t FROM inbound_secrets WHERE expires_at IS NOT NULL").one().t;
    const next = [seenAt, secretAt === null ? null : Number(secretAt)].filter((t): t is number => t !== null);
    if (next.length > 0) await this.ctx.storage.setAlarm(Math.min(...next));
  }

  async #scheduleAlarm(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
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
    const stored = this.#storedTenant();
    if (stored === null) return null;
    return this.#open(tenant);
  }

  #open(tenant: string): SqlStorage {
    const sql = this.ctx.storage.sql;
    const stored = this.#storedTenant();
    if (stored === null) {
      sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      sql.exec("INSERT INTO meta (key, value) VALUES ('tenant', ?)", tenant);
      this.#tenant = tenant;
    } else if (stored !== tenant) throw new DurableObjectError("wrong_object", "WebhookInbox called with another tenant's name");
    if (!this.#ready) {
      ensureSecretTable(sql);
      ensureSeenTable(sql);
      this.#ready = true;
    }
    return sql;
  }
}
