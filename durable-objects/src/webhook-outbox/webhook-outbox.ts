/**
 * WebhookOutbox Durable Object, one per tenant (name: the tenant id): the tenant's outbound webhook
 * subscriptions (with their signing secrets) and the per-subscription delivery log, strongly consistent.
 * `publish` records one delivery per event per subscribed subscription and hands its id to the webhook
 * Queue (WEBHOOK_QUEUE); the queue consumer in the Worker asks for a {@link DeliveryTicket} before each
 * attempt and reports the outcome. Deliveries the Queue refused are re-sent by the alarm.
 */
import { DurableObject } from "cloudflare:workers";
import { DurableObjectError, refuse, type Refusal } from "../errors.ts";
import {
  deleteDeliveriesOf,
  deliveryView,
  ensureDeliveryTables,
  findDelivery,
  insertDelivery,
  lease,
  listDeliveryViews,
  markDeadLettered,
  markQueued,
  pruneDeliveries,
  recordAttemptRow,
  reopen,
  unqueued,
} from "./delivery-table.ts";
import {
  deleteSubscriptionRow,
  ensureSubscriptionTable,
  findSubscription,
  insertSubscription,
  listSubscriptionRows,
  newSecret,
  rotateSubscriptionSecret,
  signingSecrets,
  subscriptionView,
} from "./subscription-table.ts";
import type { AttemptOutcome, DeliveryJob, DeliveryStatus, DeliveryTicket, DeliveryView, OutboundEvent, SubscriptionView, SubscriptionWithSecret, WebhookEventType } from "./types.ts";

/** Subscriptions a tenant may have. */
export const MAX_SUBSCRIPTIONS = 25;
/** How long one attempt holds its delivery (longer than the consumer's fetch timeout). */
export const ATTEMPT_LEASE_MS = 60_000;
/** Retry of the queue hand-over after the Queue refused (doubling to 5 minutes). */
export const REQUEUE_DELAY_MS = 10_000;
const MAX_REQUEUE_DELAY_MS = 300_000;

/** The result of `createSubscription`. */
export type CreateSubscriptionResult = ({ ok: true } & SubscriptionWithSecret) | Refusal<"too_many">;

export class WebhookOutbox extends DurableObject<Env> {
  #tenant: string | null = null;
  #requeueDelay = REQUEUE_DELAY_MS;
  #ready = false;

  /**
   * Create a subscription (the URL already checked by the Worker); the secret is returned this once.
   *
   * @example
   * const r = await stub.createSubscription("acme", { url, events: ["decision.blocked"], description: null }, Date.now());
   */
  createSubscription(tenant: string, input: { url: string; events: WebhookEventType[]; description: string | null }, now: number): CreateSubscriptionResult {
    const sql = this.#open(tenant);
    if (listSubscriptionRows(sql).length >= MAX_SUBSCRIPTIONS) return refuse("too_many", `a tenant may have at most ${MAX_SUBSCRIPTIONS} subscriptions`);
    const row = {
      id: `sub_${crypto.randomUUID().replaceAll("-", "")}`,
      url: input.url,
      events: [...new Set(input.events)],
      description: input.description,
      secret: newSecret(),
      previous_secret: null,
      previous_secret_expires_at: null,
      created_at: now,
      secret_rotated_at: null,
    };
    insertSubscription(sql, row);
    return { ok: true, subscription: subscriptionView(row, now), secret: row.secret };
  }

  /**
   * Every subscription (no secrets).
   *
   * @example
   * (await stub.listSubscriptions("acme", Date.now())).length;
   */
  listSubscriptions(tenant: string, now: number): SubscriptionView[] {
    return listSubscriptionRows(this.#open(tenant)).map((r) => subscriptionView(r, now));
  }

  /**
   * One subscription (no secret), or null.
   *
   * @example
   * await stub.getSubscription("acme", "sub_…", Date.now());
   */
  getSubscription(tenant: string, id: string, now: number): SubscriptionView | null {
    const row = findSubscription(this.#open(tenant), id);
    return row === null ? null : subscriptionView(row, now);
  }

  /**
   * Delete a subscription and its delivery log; whether it existed. Queued jobs for it are dropped by the consumer.
   *
   * @example
   * await stub.deleteSubscription("acme", "sub_…"); // true
   */
  deleteSubscription(tenant: string, id: string): boolean {
    const sql = this.#open(tenant);
    let existed = false;
    this.ctx.storage.transactionSync(() => {
      existed = deleteSubscriptionRow(sql, id);
      deleteDeliveriesOf(sql, id);
    });
    return existed;
  }

  /**
   * A new secret (shown this once); the previous one keeps signing for a day. Null when there is no such subscription.
   *
   * @example
   * const r = await stub.rotateSecret("acme", "sub_…", Date.now()); // r.secret: "whsec_…"
   */
  rotateSecret(tenant: string, id: string, now: number): SubscriptionWithSecret | null {
    const sql = this.#open(tenant);
    const row = findSubscription(sql, id);
    if (row === null) return null;
    const next = rotateSubscriptionSecret(sql, row, newSecret(), now);
    return { subscription: subscriptionView(next, now), secret: next.secret };
  }

  /**
   * Record a delivery of each event for each subscription that wants its type (an event key already
   * recorded for a subscription is skipped) and hand them to the queue. Returns how many were recorded.
   *
   * @example
   * await stub.publish("acme", [{ type: "decision.blocked", key: "decision.blocked:7d9e…", body }], Date.now()); // 1
   */
  async publish(tenant: string, events: readonly OutboundEvent[], now: number): Promise<number> {
    const sql = this.#open(tenant);
    const subscriptions = listSubscriptionRows(sql);
    const jobs: DeliveryJob[] = [];
    this.ctx.storage.transactionSync(() => {
      for (const event of events) {
        for (const s of subscriptions) {
          if (!s.events.includes(event.type)) continue;
          const id = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
          if (insertDelivery(sql, { id, subscription_id: s.id, event_type: event.type, event_key: event.key, body: event.body, created_at: now })) {
            jobs.push({ tenant, subscription_id: s.id, delivery_id: id });
          }
        }
      }
      for (const s of new Set(jobs.map((j) => j.subscription_id))) pruneDeliveries(sql, s);
    });
    await this.#send(jobs);
    return jobs.length;
  }

  /**
   * What the consumer needs for one attempt, leasing the delivery; or why there is nothing to send
   * (already delivered, dead-lettered, deleted) or that another attempt holds it ("busy").
   *
   * @example
   * const t = await stub.ticket("acme", job, Date.now()); // { kind: "deliver", url, secrets, body, … }
   */
  ticket(tenant: string, job: DeliveryJob, now: number): DeliveryTicket {
    const sql = this.#open(tenant);
    const subscription = findSubscription(sql, job.subscription_id);
    if (subscription === null) return { kind: "skip", reason: "no_subscription" };
    const delivery = findDelivery(sql, job.delivery_id);
    if (delivery === null || delivery.subscription_id !== subscription.id) return { kind: "skip", reason: "no_delivery" };
    if (delivery.status === "delivered") return { kind: "skip", reason: "delivered" };
    if (delivery.status === "dead_lettered") return { kind: "skip", reason: "dead_lettered" };
    if (delivery.lease_until !== null && delivery.lease_until > now) return { kind: "busy" };
    lease(sql, delivery.id, now + ATTEMPT_LEASE_MS);
    return { kind: "deliver", url: subscription.url, secrets: signingSecrets(subscription, now), body: delivery.body, delivery_id: delivery.id, attempt: delivery.attempt_count + 1 };
  }

  /**
   * Record an attempt's outcome (delivered, or pending with the next retry time).
   *
   * @example
   * await stub.recordAttempt("acme", "msg_…", { ok: true, status_code: 200, error: null, duration_ms: 40, manual: false, next_retry_at: null }, Date.now());
   */
  recordAttempt(tenant: string, deliveryId: string, outcome: AttemptOutcome, now: number): void {
    const sql = this.#open(tenant);
    const row = findDelivery(sql, deliveryId);
    if (row === null) return;
    recordAttemptRow(sql, row, outcome, now);
  }

  /**
   * Mark a delivery dead-lettered (the dead-letter queue's consumer calls this).
   *
   * @example
   * await stub.deadLetter("acme", "msg_…", Date.now()); // true
   */
  deadLetter(tenant: string, deliveryId: string, now: number): boolean {
    return markDeadLettered(this.#open(tenant), deliveryId, now);
  }

  /**
   * A subscription's delivery log, newest first; null when there is no such subscription.
   *
   * @example
   * await stub.deliveries("acme", "sub_…", { limit: 50, status: "dead_lettered" });
   */
  deliveries(tenant: string, subscriptionId: string, options: { limit: number; status?: DeliveryStatus }): DeliveryView[] | null {
    const sql = this.#open(tenant);
    if (findSubscription(sql, subscriptionId) === null) return null;
    return listDeliveryViews(sql, subscriptionId, options);
  }

  /**
   * Send a delivery again (an operator's act), with the same `webhook-id`; null when unknown.
   *
   * @example
   * await stub.redeliver("acme", "sub_…", "msg_…");
   */
  async redeliver(tenant: string, subscriptionId: string, deliveryId: string): Promise<DeliveryView | null> {
    const sql = this.#open(tenant);
    const row = findDelivery(sql, deliveryId);
    if (row === null || row.subscription_id !== subscriptionId || findSubscription(sql, subscriptionId) === null) return null;
    reopen(sql, deliveryId);
    await this.env.WEBHOOK_QUEUE.send({ tenant, subscription_id: subscriptionId, delivery_id: deliveryId, manual: true } satisfies DeliveryJob, { contentType: "json" });
    return deliveryView(sql, findDelivery(sql, deliveryId) as NonNullable<ReturnType<typeof findDelivery>>);
  }

  /** Re-send deliveries the Queue refused earlier. */
  override async alarm(): Promise<void> {
    const tenant = this.#storedTenant();
    if (tenant === null) return;
    const sql = this.#open(tenant);
    const pending = unqueued(sql, 100);
    await this.#send(pending.map((d) => ({ tenant, subscription_id: d.subscription_id, delivery_id: d.id })));
    if (unqueued(sql, 1).length > 0 && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + this.#requeueDelay);
  }

  async #send(jobs: readonly DeliveryJob[]): Promise<void> {
    if (jobs.length === 0) return;
    try {
      for (let i = 0; i < jobs.length; i += 100) {
        const chunk = jobs.slice(i, i + 100);
        await this.env.WEBHOOK_QUEUE.sendBatch(chunk.map((body) => ({ body, contentType: "json" as const })));
        markQueued(this.ctx.storage.sql, chunk.map((j) => j.delivery_id));
      }
      this.#requeueDelay = REQUEUE_DELAY_MS;
    } catch {
      console.warn(JSON.stringify({ level: "warn", msg: "webhook queue refused deliveries: the alarm retries", tenant: this.#tenant, count: jobs.length }));
      await this.ctx.storage.setAlarm(Date.now() + this.#requeueDelay);
      this.#requeueDelay = Math.min(this.#requeueDelay * 2, MAX_REQUEUE_DELAY_MS);
    }
  }

  #storedTenant(): string | null {
    if (this.#tenant !== null) return this.#tenant;
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    const row = this.ctx.storage.sql.exec("SELECT value FROM meta WHERE key = 'tenant'").toArray()[0];
    this.#tenant = row === undefined ? null : String(row.value);
    return this.#tenant;
  }

  #open(tenant: string): SqlStorage {
    const sql = this.ctx.storage.sql;
    const stored = this.#storedTenant();
    if (stored === null) {
      sql.exec("INSERT INTO meta (key, value) VALUES ('tenant', ?)", tenant);
      this.#tenant = tenant;
    } else if (stored !== tenant) throw new DurableObjectError("wrong_object", "WebhookOutbox called with another tenant's name");
    if (!this.#ready) {
      ensureSubscriptionTable(sql);
      ensureDeliveryTables(sql);
      this.#ready = true;
    }
    return sql;
  }
}
