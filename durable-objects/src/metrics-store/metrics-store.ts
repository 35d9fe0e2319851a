/**
 * MetricsStore Durable Object. One per tenant (name: the tenant id): the tenant's exact, cumulative
 * counters and latency histograms, added to by the Worker's per-isolate flushes (workers/src/metrics/) and
 * read by GET /v2/metrics, plus per-minute sums of windowed histograms for rolling SLO windows. One more,
 * named METRICS_REGISTRY_NAME, is the platform registry: the list of tenants that have metrics, so the
 * platform key's scrape can find them. A tenant's store registers itself there once, on its first delta.
 */
import { DurableObject } from "cloudflare:workers";
import { DurableObjectError } from "../errors.ts";
import { METRICS_REGISTRY_NAME } from "./name.ts";
import { platformObjectStub } from "../residency/placement.ts";
import { applyDelta, ensureMetricsTables, pruneMinutes, readSnapshot, readWindow } from "./tables.ts";
import type { LatencyWindow, MetricsDelta, MetricsSnapshot } from "./types.ts";
import type { SloProfileName } from "@nethical/core/slo/profiles.ts";
import { ensureSloTables, markSloNotified, readSloSetting, recentEpisodes, stepSlo, writeSloSetting, type SloEpisode, type SloSetting, type SloStatus } from "./slo-state.ts";

const PRUNE_EVERY_MS = 3_600_000;

export class MetricsStore extends DurableObject<Env> {
  #tenant: string | null = null;
  #registered = false;
  #prunedAt = 0;

  /**
   * Add one flush's increments (atomically: all of it or nothing); false when a delta with the same id was
   * added before (a retried send). Registers the tenant in the platform
   * registry on the first call; a failed registration is tried again on the next delta.
   *
   * @example
   * await stub.add("acme", { counters: [{ name: "decisions", labels: { decision: "ALLOW", action_type: "query" }, value: 2 }], histograms: [] }, Date.now());
   */
  async add(tenant: string, delta: MetricsDelta, now: number): Promise<boolean> {
    const sql = this.#open(tenant);
    const applied = this.ctx.storage.transactionSync(() => applyDelta(sql, delta, now));
    if (now - this.#prunedAt > PRUNE_EVERY_MS) {
      pruneMinutes(sql, now);
      this.#prunedAt = now;
    }
    if (!this.#registered) await this.#register(tenant);
    return applied;
  }

  /**
   * Every cumulative series of the tenant (empty before its first delta).
   *
   * @example
   * const { counters, histograms } = await stub.snapshot("acme");
   */
  snapshot(tenant: string): MetricsSnapshot {
    return readSnapshot(this.#open(tenant));
  }

  /**
   * A windowed histogram (e.g. "request_duration") summed over the whole minutes starting in [from, to).
   *
   * @example
   * const w = await stub.latencyWindow("acme", "request_duration", Date.now() - 3_600_000, Date.now());
   */
  latencyWindow(tenant: string, name: string, from: number, to: number): LatencyWindow {
    return readWindow(this.#open(tenant), name, from, to);
  }

  /**
   * The tenant's SLO profile setting (slo-state.ts; the default when none was chosen).
   *
   * @example
   * (await stub.sloSetting("acme")).profile; // "cloud"
   */
  sloSetting(tenant: string): SloSetting {
    return readSloSetting(this.#openSlo(tenant));
  }

  /**
   * Choose the tenant's SLO profile; the setting before and after (for the admin audit event).
   *
   * @example
   * await stub.setSloProfile("acme", "edge", "k_123", Date.now());
   */
  setSloProfile(tenant: string, profile: SloProfileName, by: string, now: number): { before: SloSetting; after: SloSetting } {
    const sql = this.#openSlo(tenant);
    return this.ctx.storage.transactionSync(() => writeSloSetting(sql, profile, by, now));
  }

  /**
   * Evaluate the tenant's SLO over its rolling windows now and advance the breach episodes (slo-state.ts).
   *
   * @example
   * const status = await stub.evaluateSlo("acme", Date.now());
   */
  evaluateSlo(tenant: string, now: number): SloStatus {
    const sql = this.#openSlo(tenant);
    return this.ctx.storage.transactionSync(() => stepSlo(sql, now));
  }

  /**
   * Record that these episodes' `slo.breached` events reached the outbox.
   *
   * @example
   * await stub.sloNotified("acme", status.pending.map((e) => e.id));
   */
  sloNotified(tenant: string, ids: number[]): void {
    markSloNotified(this.#openSlo(tenant), ids);
  }

  /**
   * The tenant's most recent breach episodes, newest first.
   *
   * @example
   * const episodes = await stub.sloEpisodes("acme", 20);
   */
  sloEpisodes(tenant: string, limit: number): SloEpisode[] {
    return recentEpisodes(this.#openSlo(tenant), limit);
  }

  /**
   * Registry object only: remember that `tenant` has metrics.
   *
   * @example
   * await registry.register("acme");
   */
  register(tenant: string): void {
    const sql = this.#openRegistry();
    sql.exec("INSERT OR IGNORE INTO tenants (tenant) VALUES (?)", tenant);
  }

  /**
   * Registry object only: the tenants that have metrics, sorted.
   *
   * @example
   * const tenants = await registry.tenants(); // ["acme", "globex"]
   */
  tenants(): string[] {
    return this.#openRegistry()
      .exec<{ tenant: string }>("SELECT tenant FROM tenants ORDER BY tenant")
      .toArray()
      .map((r) => r.tenant);
  }

  async #register(tenant: string): Promise<void> {
    const sql = this.ctx.storage.sql;
    if (sql.exec("SELECT value FROM meta WHERE key = 'registered'").toArray().length > 0) {
      this.#registered = true;
      return;
    }
    try {
      const registry = platformObjectStub(this.env, METRICS_REGISTRY_NAME);
      await registry.register(tenant);
      sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('registered', '1')");
      this.#registered = true;
    } catch (error) {
      console.error(JSON.stringify({ level: "error", msg: "metrics registry unreachable; registering on the next delta", tenant, error: (error as Error)?.name ?? "Error" }));
    }
  }

  #open(tenant: string): SqlStorage {
    const sql = this.ctx.storage.sql;
    if (this.#tenant === tenant) return sql;
    sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    const stored = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'tenant'").toArray()[0]?.value ?? null;
    if (stored === null) sql.exec("INSERT INTO meta (key, value) VALUES ('tenant', ?)", tenant);
    else if (stored !== tenant) throw new DurableObjectError("wrong_object", "MetricsStore called with another tenant's name");
    ensureMetricsTables(sql);
    this.#tenant = tenant;
    return sql;
  }

  #openSlo(tenant: string): SqlStorage {
    const sql = this.#open(tenant);
    ensureSloTables(sql);
    return sql;
  }

  #openRegistry(): SqlStorage {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    const stored = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'tenant'").toArray()[0]?.value ?? null;
    if (stored === null) sql.exec("INSERT INTO meta (key, value) VALUES ('tenant', ?)", METRICS_REGISTRY_NAME);
    else if (stored !== METRICS_REGISTRY_NAME) throw new DurableObjectError("wrong_object", "not the metrics registry");
    sql.exec("CREATE TABLE IF NOT EXISTS tenants (tenant TEXT PRIMARY KEY)");
    return sql;
  }
}
