/**
 * AuditLog Durable Object, one per tenant (name: the tenant id): the sequencer of the tenant's RFC 6962
 * Merkle log. `append` is synchronous from reading the size to writing the last node and row (one
 * `transactionSync`), idempotent on event_id (a retried event gets its first leaf index back), and
 * keeps a row per leaf with the event's canonical JSON. Tree heads are signed with Ed25519 on an alarm
 * after appends and on demand; the alarm also re-drives events Postgres does not hold yet (redrive.ts) — into
 * the database of the tenant's residency (`DATABASE_URL_EU` for `eu`), chosen by the residency seam.
 */
import { DurableObject } from "cloudflare:workers";
import { base64Encode, isAdminEvent, MerkleLog, type AdminAuditEvent, type AuditEvent, type AuditKeyList, type ExportedSegment, type TreeHead } from "@nethical/core";
import { appendEvent } from "./append-event.ts";
import { cohortCounts, ensureEventTable, eventsInRange, findEvent, listEvents, markInDb, pendingCount, refusedCount, type CohortCountRow, type EventFilter, type StoredEvent } from "./event-table.ts";
import { auditDbConfigured, type AuditDbEnv } from "./postgres.ts";
import { auditDatabaseFor, type TenantRef } from "../residency/placement.ts";
import { tenantRef } from "../residency/tenant-record.ts";
import { redriveToPostgres, type RedriveResult } from "./redrive.ts";
import { auditKeyConfig, loadAuditSigningKey, type AuditSigningKey } from "./signing-key.ts";
import { SqlNodeStore } from "./sql-node-store.ts";
import { coveringHead, headFor } from "./sign-head.ts";
import { ensureTreeHeadTable, latestTreeHead } from "./tree-head-table.ts";
import { exportSegment, type ExportOptions } from "./export-segment.ts";
import type { AppendResult, AuditLogStats, ConsistencyResult, EventProof, SignedHead, WitnessedHead } from "./types.ts";
import { cosignaturesOf, ensureCosignatureTables, requestCosignature, witnessView, type WitnessClient } from "./witness-cosign.ts";
import { witnessFor } from "../residency/by-tenant.ts";
import { witnessStub } from "../residency/placement.ts";
import { applyRetention, sealSegments, type ArchiveContext, type ArchiveRunResult } from "../audit-archive/run-archive.ts";
import { readRetention, writeRetention, type RetentionPolicy, type StoredRetention } from "../audit-archive/retention-policy.ts";
import { archiveRows, type ArchiveRow } from "../audit-archive/archive-index.ts";
import { DurableObjectError, durableObjectErrorOf, refuse, type Refusal } from "../errors.ts";
import { HeadRefusedError, LEAF_GRACE_MS, LeafWatch, terminateAgents } from "../monitor/audit-log-monitor.ts";
import { reportViolations } from "../monitor/report-violations.ts";

export type { AppendResult, AuditLogStats, ConsistencyResult, EventProof, SignedHead, WitnessedHead } from "./types.ts";

/** Result of `consistency`: the proof with both signed heads, or the refusal `bad_range`. */
export type ConsistencyAnswer = { ok: true; consistency: ConsistencyResult } | Refusal<"bad_range">;

/** Sign a new head this long after the first append that follows the last head. */
export const HEAD_INTERVAL_MS = 5_000;
/** Next try after the tree head could not be signed (the signer failed). */
export const HEAD_RETRY_MS = 30_000;
/** Re-drive retry after a failed re-drive (doubling up to MAX_REDRIVE_DELAY_MS). */
export const REDRIVE_DELAY_MS = 30_000;
export const MAX_REDRIVE_DELAY_MS = 300_000;
/** The alarm seals a new archive segment once this many leaves wait (POST /v2/audit/archive/run: any number). */
export const ARCHIVE_MIN_LEAVES = 1000;

export class AuditLog extends DurableObject<Env> {
  #log: MerkleLog | null = null;
  #tenant: string | null = null;
  /** The tree-head key and the configuration it was loaded for (reloaded when that differs). */
  #key: { config: string; key: Promise<AuditSigningKey> } | null = null;
  #redriveDelay = REDRIVE_DELAY_MS;
  #database: Promise<AuditDbEnv> | null = null;
  /** Runtime monitor, P1 across appended leaves (README "Runtime monitor and safety case"). */
  readonly #leaves = new LeafWatch();
  /** The previous head a P4 refusal was last reported for (reported once per previous head). */
  #refusedFor: string | null = null;

  /**
   * Append events of `tenant` in order; already-stored event ids are not appended again.
   *
   * @example
   * const [r] = await stub.append("acme", [event]); // { event_id, leaf_index: 0, status: "appended" }
   */
  async append(tenant: string, events: readonly unknown[]): Promise<AppendResult[]> {
    const log = this.#open(tenant);
    const sql = this.ctx.storage.sql;
    const now = Date.now();
    let results: AppendResult[] = [];
    try {
      this.ctx.storage.transactionSync(() => {
        results = events.map((raw) => appendEvent(log, sql, tenant, raw, now));
      });
    } catch (error) {
      log.reload(); // the transaction rolled back: forget uncommitted leaves
      throw error;
    }
    // Runtime monitor: the appended leaves (validated by appendEvent) feed P1 across the log.
    this.#leaves.appended(events.filter((_e, i) => results[i]?.status === "appended") as (AuditEvent | AdminAuditEvent)[], now);
    if (results.some((r) => r.status === "appended") && (await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(now + HEAD_INTERVAL_MS);
    }
    return results;
  }

  /**
   * Record that Postgres holds these events (the queue consumer calls this after its insert).
   *
   * @example
   * await stub.markStored("acme", ["7d9e…"]); // 1
   */
  markStored(tenant: string, eventIds: readonly string[]): number {
    this.#open(tenant);
    return markInDb(this.ctx.storage.sql, eventIds);
  }

  /**
   * Make sure the alarm re-drives the outbox soon (after a dead-lettered message or a direct append).
   *
   * @example
   * await stub.scheduleRedrive("acme");
   */
  async scheduleRedrive(tenant: string): Promise<void> {
    this.#open(tenant);
    const at = Date.now() + HEAD_INTERVAL_MS;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /**
   * The latest signed tree head, signing a new one first when the log has grown since (on demand).
   *
   * @example
   * const { tree_head, public_key } = await stub.treeHead("acme");
   */
  async treeHead(tenant: string): Promise<WitnessedHead> {
    const log = this.#open(tenant);
    const key = await this.#signingKey();
    const head = await this.#headFor(log, key, log.size, false);
    // On demand: a head the witness has not cosigned yet is offered now (a witness outage only leaves it uncosigned).
    const witness = await this.#cosign(tenant, log, head, key);
    const cosignatures = cosignaturesOf(this.ctx.storage.sql, head).map((c) => ({ ...c.cosignature, witness_public_key: c.witness_public_key }));
    return { tree_head: head, public_key: key.publicKey, cosignatures, witness };
  }

  /**
   * Seal what is not archived yet into R2 and apply the tenant's retention policy at `now` (an injectable
   * clock for tests; the alarm and the route pass the real time). Null when no archive bucket is bound.
   *
   * @example
   * const run = await stub.archive("acme", { now: Date.now(), force: true }); // { sealed, moved, deleted }
   */
  async archive(tenant: string, options: { now?: number; force?: boolean } = {}): Promise<ArchiveRunResult | null> {
    const log = this.#open(tenant);
    const bucket = this.env.AUDIT_ARCHIVE;
    if (bucket === undefined) return null;
    const key = await this.#signingKey();
    const now = options.now ?? Date.now();
    const sql = this.ctx.storage.sql;
    const ctx: ArchiveContext = {
      tenant,
      sql,
      log,
      bucket,
      key,
      headFor: (size, past) => this.#headFor(log, key, size, past),
      cosign: async (head) => {
        await this.#cosign(tenant, log, head, key, now);
        return cosignaturesOf(sql, head);
      },
      appendAdmin: (event) => {
        let result: AppendResult | null = null;
        this.ctx.storage.transactionSync(() => {
          result = appendEvent(log, sql, tenant, event, now);
        });
        return result as unknown as AppendResult;
      },
    };
    const sealed = await sealSegments(ctx, { now, force: options.force ?? false, minLeaves: ARCHIVE_MIN_LEAVES });
    const { moved, deleted } = await applyRetention(ctx, now);
    if (deleted.length > 0 && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + HEAD_INTERVAL_MS);
    return { sealed, moved, deleted };
  }

  /**
   * The tenant's retention policy (the default until an admin sets one) and its archived segments.
   *
   * @example
   * (await stub.retention("acme")).policy.retention_days; // 2557
   */
  retention(tenant: string): { policy: StoredRetention; segments: ArchiveRow[] } {
    this.#open(tenant);
    return { policy: readRetention(this.ctx.storage.sql, tenant), segments: archiveRows(this.ctx.storage.sql) };
  }

  /**
   * Set the retention policy (the route records the change as admin event `audit_retention.set`).
   *
   * @example
   * await stub.setRetention("acme", { hot_days: 30, warm_days: 365, retention_days: 2557 });
   */
  setRetention(tenant: string, policy: RetentionPolicy): { before: StoredRetention; after: StoredRetention } {
    this.#open(tenant);
    return writeRetention(this.ctx.storage.sql, tenant, policy, Date.now());
  }

  /**
   * Every tree-head key (current, retired, revoked) with its window: what an auditor verifies old heads and
   * exports with after a rotation.
   *
   * @example
   * const { current_key_id, keys } = await stub.keys("acme");
   */
  async keys(tenant: string): Promise<AuditKeyList> {
    this.#open(tenant);
    const key = await this.#signingKey();
    return { log_id: tenant, current_key_id: key.signer.keyId, keys: key.keys };
  }

  /**
   * A decision event (by event id, or caller-chosen decision id) and its leaf index, or null (also for an
   * admin event's id: those are read with `listAdmin` or `proof`).
   *
   * @example
   * (await stub.getEvent("acme", "7d9e…"))?.leaf_index;
   */
  getEvent(tenant: string, id: string): { event: AuditEvent; leaf_index: number } | null {
    this.#open(tenant);
    const found = findEvent(this.ctx.storage.sql, id);
    return found === null || isAdminEvent(found.event) ? null : { event: found.event, leaf_index: found.leaf_index };
  }

  /**
   * An event with its inclusion proof against the latest signed head that includes it (a new head is
   * signed only when none does), or null.
   *
   * @example
   * const p = await stub.proof("acme", eventId); // verify with verifyInclusion against p.tree_head.root_hash
   */
  async proof(tenant: string, id: string): Promise<EventProof | null> {
    const log = this.#open(tenant);
    const found = findEvent(this.ctx.storage.sql, id);
    if (found === null) return null;
    const key = await this.#signingKey();
    const head = coveringHead(this.ctx.storage.sql, found.leaf_index, key.signer.keyId) ?? (await this.#headFor(log, key, log.size, false));
    const proof = log.inclusionProof(found.leaf_index, head.tree_size).map(base64Encode);
    return { event: found.event, leaf_index: found.leaf_index, inclusion_proof: proof, tree_head: head, public_key: key.publicKey };
  }

  /**
   * Consistency proof between sizes `from` and `to` (default: current), with signed heads of both, or the
   * refusal `bad_range` for sizes outside 1 ≤ from ≤ to ≤ size.
   *
   * @example
   * const c = await stub.consistency("acme", 10, 20);
   */
  async consistency(tenant: string, from: number, to?: number): Promise<ConsistencyAnswer> {
    const log = this.#open(tenant);
    const size2 = to ?? log.size;
    if (!(Number.isSafeInteger(from) && Number.isSafeInteger(size2) && from >= 1 && from <= size2 && size2 <= log.size)) {
      return refuse("bad_range", `need 1 ≤ from ≤ to ≤ ${log.size} (the current tree size)`);
    }
    const proof = log.consistencyProof(from, size2).map(base64Encode);
    const key = await this.#signingKey();
    const fromHead = await this.#headFor(log, key, from, true);
    const toHead = await this.#headFor(log, key, size2, size2 !== log.size);
    return { ok: true, consistency: { from_tree_head: fromHead, to_tree_head: toHead, proof, public_key: key.publicKey } };
  }

  /**
   * Decision events matching a filter, oldest first (the `GET /v2/decisions` fallback when there is no
   * Postgres).
   *
   * @example
   * await stub.list("acme", { agent_id: "robot-7", limit: 50 });
   */
  list(tenant: string, filter: EventFilter): { event: AuditEvent; leaf_index: number }[] {
    this.#open(tenant);
    return listEvents(this.ctx.storage.sql, { ...filter, kind: "decision" }).map((e) => ({ event: e.event as AuditEvent, leaf_index: e.leaf_index }));
  }

  /**
   * Admin events matching a filter (`action`, `agent_id` for agent targets, `from`/`to`, `after`), oldest
   * first (the `GET /v2/audit/admin-events` fallback when there is no Postgres).
   *
   * @example
   * await stub.listAdmin("acme", { action: "key.revoke", limit: 50 });
   */
  listAdmin(tenant: string, filter: EventFilter): { event: AdminAuditEvent; leaf_index: number }[] {
    this.#open(tenant);
    return listEvents(this.ctx.storage.sql, { ...filter, kind: "admin" }).map((e) => ({ event: e.event as AdminAuditEvent, leaf_index: e.leaf_index }));
  }

  /**
   * Decision counts per fairness cohort and outcome for cohort `field` in [from, to) ms (the
   * `GET /v2/fairness` fallback when there is no Postgres).
   *
   * @example
   * await stub.cohortCounts("acme", "applicant_group", 0, Date.now());
   */
  cohortCounts(tenant: string, field: string, from: number, to: number): CohortCountRow[] {
    this.#open(tenant);
    return cohortCounts(this.ctx.storage.sql, field, from, to);
  }

  /**
   * A verifiable segment: events of a leaf range or filter, their proofs, signed heads, the public key.
   *
   * @example
   * const segment = await stub.exportSegment("acme", { from_leaf: 0, to_leaf: 100 });
   */
  async exportSegment(tenant: string, options: ExportOptions): Promise<ExportedSegment> {
    const log = this.#open(tenant);
    const key = await this.#signingKey();
    const head = await this.#headFor(log, key, log.size, false);
    const previousSize = options.since_tree_size;
    const previous = previousSize !== undefined && previousSize >= 1 && previousSize <= head.tree_size ? await this.#headFor(log, key, previousSize, true) : undefined;
    const pick = (start: number, end: number): StoredEvent[] => eventsInRange(this.ctx.storage.sql, start, end);
    return exportSegment({ log, head, previous, publicKey: key.publicKey, options, pick, list: (f) => listEvents(this.ctx.storage.sql, f) });
  }

  /**
   * Size, outbox, database and key facts.
   *
   * @example
   * (await stub.stats("acme")).pending_db; // 0 once Postgres holds everything
   */
  async stats(tenant: string): Promise<AuditLogStats> {
    const log = this.#open(tenant);
    const database = await this.#databaseOf(tenant);
    return this.#signingKey().then((key) => ({
      tree_size: log.size,
      pending_db: pendingCount(this.ctx.storage.sql),
      refused_db: refusedCount(this.ctx.storage.sql),
      database: auditDbConfigured(database) ? "postgres" : "none",
      signing_key: key.origin,
      latest_tree_head: latestTreeHead(this.ctx.storage.sql),
    }));
  }

  /**
   * Re-drive now: every pending event (or only those older than the re-drive delay) into Postgres.
   *
   * @example
   * await stub.flush("acme", true); // { inserted, marked, remaining: 0, error: null }
   */
  async flush(tenant: string, all = true): Promise<RedriveResult> {
    this.#open(tenant);
    return redriveToPostgres(this.ctx.storage.sql, await this.#databaseOf(tenant), Date.now(), all);
  }

  /**
   * Runtime monitor: report the P1 suspects among appended leaves whose grace has passed at `now` (alert,
   * metric, audit record) and terminate their agents in the cloud (fail-safe). The alarm calls it; returns
   * how many were reported.
   *
   * @example
   * await stub.settleMonitor("acme", Date.now()); // 0 on a healthy log
   */
  async settleMonitor(tenant: string, now: number): Promise<number> {
    this.#open(tenant);
    const due = this.#leaves.settle(now);
    if (due.length === 0) return 0;
    await reportViolations(this.env, tenant, "audit_log", due, now, (events) => this.append(tenant, events));
    await terminateAgents(this.env, tenant, due, now);
    return due.length;
  }

  /** Alarm: sign the head if the log grew, re-drive the outbox, and come back while it is not empty. */
  override async alarm(): Promise<void> {
    const tenant = this.#storedTenant();
    if (tenant === null) return;
    const log = this.#open(tenant);
    const now = Date.now();
    await this.settleMonitor(tenant, now);
    if (this.#leaves.pending > 0 && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + LEAF_GRACE_MS);
    // A signer that cannot sign now (a KMS outage, a configuration error) must not hold up the re-drive:
    // the head is tried again on the next alarm (events stay provable against the last signed head).
    const signed = await this.#signingKey()
      .then((key) => this.#headFor(log, key, log.size, false))
      .then(
        () => true,
        (error: unknown) => {
          console.error(JSON.stringify({ level: "warn", msg: "audit tree head not signed", tenant, code: durableObjectErrorOf(error)?.code ?? "error" }));
          return false;
        },
      );
    if (signed) {
      const key = await this.#signingKey();
      const head = latestTreeHead(this.ctx.storage.sql);
      if (head !== null) await this.#cosign(tenant, log, head, key);
    }
    if (this.env.AUDIT_ARCHIVE !== undefined) {
      await this.archive(tenant, { now }).catch((error: unknown) => {
        console.error(JSON.stringify({ level: "warn", msg: "audit archive run failed", tenant, code: durableObjectErrorOf(error)?.code ?? "error" }));
      });
    }
    const database = await this.#databaseOf(tenant);
    const result = await redriveToPostgres(this.ctx.storage.sql, database, now);
    if (result.error !== null) {
      console.error(JSON.stringify({ level: "warn", msg: "audit re-drive to Postgres failed", tenant, error: result.error, pending: result.remaining }));
    }
    if (auditDbConfigured(database) && result.remaining > 0) {
      await this.ctx.storage.setAlarm(now + this.#redriveDelay);
      this.#redriveDelay = result.error === null ? REDRIVE_DELAY_MS : Math.min(this.#redriveDelay * 2, MAX_REDRIVE_DELAY_MS);
    } else {
      this.#redriveDelay = REDRIVE_DELAY_MS;
      if (!signed) await this.ctx.storage.setAlarm(now + HEAD_RETRY_MS);
    }
  }

  /** A signed head of `size` leaves (see sign-head.ts); a newly stored one is copied to Postgres by the alarm. */
  async #headFor(log: MerkleLog, key: AuditSigningKey, size: number, past: boolean): Promise<TreeHead> {
    const tenant = this.#storedTenant();
    const { head, saved } = await headFor({ sql: this.ctx.storage.sql, log, key, logId: tenant ?? "" }, size, past).catch(async (error: unknown) => {
      if (error instanceof HeadRefusedError && tenant !== null && this.#refusedFor !== error.previousKey) {
        this.#refusedFor = error.previousKey;
        await reportViolations(this.env, tenant, "audit_log", error.violations, Date.now(), (events) => this.append(tenant, events));
      }
      throw error instanceof HeadRefusedError ? new DurableObjectError("monitor_violation", error.message.replace(/^\[monitor_violation\] /, "")) : error;
    });
    if (saved && tenant !== null && auditDbConfigured(await this.#databaseOf(tenant)) && (await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + HEAD_INTERVAL_MS);
    }
    return head;
  }

  /**
   * The audit database of this log's tenant: its residency's, through the seam (residency never changes, so
   * kept). The residency is this object's own jurisdiction when it has one (production), else the tenant
   * record's; with no database configured at all there is nothing to choose and nothing is looked up.
   */
  #databaseOf(tenant: string): Promise<AuditDbEnv> {
    if (!auditDbConfigured(this.env) && !auditDbConfigured({ DATABASE_URL: this.env.DATABASE_URL_EU })) return Promise.resolve({});
    const own = this.ctx.id.jurisdiction;
    const ref: Promise<TenantRef> = own === "eu" || own === "us" ? Promise.resolve({ tenant, residency: own }) : tenantRef(this.env, tenant);
    this.#database ??= ref.then((r) => auditDatabaseFor(this.env, r)).catch((error: unknown) => {
      this.#database = null;
      throw error;
    });
    return this.#database;
  }

  /** Offer `head` to the tenant's Witness (never throws; see witness-cosign.ts). */
  #cosign(tenant: string, log: MerkleLog, head: TreeHead, key: AuditSigningKey, now: number = Date.now()) {
    if (head.tree_size === 0 || this.env.WITNESS === undefined) return Promise.resolve(witnessView(this.ctx.storage.sql, head));
    const own = this.ctx.id.jurisdiction;
    const witness = (own === "eu" || own === "us" ? witnessStub(this.env, { tenant, residency: own }) : witnessFor(this.env, tenant)) as unknown as WitnessClient;
    return requestCosignature({ sql: this.ctx.storage.sql, log, witness }, head, key.publicKey, now);
  }

  #signingKey(): Promise<AuditSigningKey> {
    const config = auditKeyConfig(this.env);
    if (this.#key?.config !== config) {
      const key = loadAuditSigningKey(this.env, this.ctx.storage.sql).catch((error: unknown) => {
        if (this.#key?.key === key) this.#key = null;
        throw error;
      });
      this.#key = { config, key };
    }
    return this.#key.key;
  }

  #storedTenant(): string | null {
    if (this.#tenant !== null) return this.#tenant;
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    const row = this.ctx.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'tenant'").toArray()[0];
    this.#tenant = row === undefined ? null : row.value;
    return this.#tenant;
  }

  /** Bind this object to `tenant` on first use (refuse any other afterwards) and open the log. */
  #open(tenant: string): MerkleLog {
    const stored = this.#storedTenant();
    if (stored === null) {
      this.ctx.storage.sql.exec("INSERT INTO meta (key, value) VALUES ('tenant', ?)", tenant);
      this.#tenant = tenant;
    } else if (stored !== tenant) throw new DurableObjectError("wrong_object", "AuditLog called with another tenant's name");
    if (this.#log === null) {
      ensureEventTable(this.ctx.storage.sql);
      ensureTreeHeadTable(this.ctx.storage.sql);
      ensureCosignatureTables(this.ctx.storage.sql);
      this.#log = new MerkleLog(new SqlNodeStore(this.ctx.storage.sql));
    }
    return this.#log;
  }
}
