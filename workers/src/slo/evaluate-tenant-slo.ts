/**
 * Running a tenant's SLO evaluation and announcing new breach episodes. The evaluation itself happens in the
 * tenant's MetricsStore (one place for every isolate's data, so an episode is opened once); the Worker triggers
 * it — after deciding requests (at most every SLO_EVALUATE_EVERY_MS per tenant per isolate, after the
 * response), on `GET /v2/slo` and on every metrics scrape — and hands each new episode's `slo.breached` event
 * to the tenant's WebhookOutbox, then reports it announced. An announcement that fails stays pending in the
 * store and is handed over again on the next evaluation (the event key makes that deliver once).
 */
import { DO_TIMEOUT_MS, withTimeout } from "../decide/with-timeout.ts";
import { publishWebhookEvents } from "../webhooks/publish.ts";
import { sloBreachedEvent } from "./slo-event.ts";
import { sloStore } from "./slo-store.ts";

/** How often one isolate triggers a tenant's evaluation from its decisions. */
export const SLO_EVALUATE_EVERY_MS = 30_000;
/** Tenants remembered at most per isolate. */
const MAX_TENANTS = 10_000;

const lastTriggered = new Map<string, number>();

/** What one evaluation returns (MetricsStore.evaluateSlo). */
export type SloStatus = Awaited<ReturnType<ReturnType<typeof sloStore>["evaluateSlo"]>>;

/**
 * Evaluate `tenant`'s SLO now and announce any episode not yet announced.
 *
 * @example
 * const status = await evaluateTenantSlo(env, "acme", Date.now());
 * status.open.length; // breach episodes open now
 */
export async function evaluateTenantSlo(env: Env, tenant: string, now: number): Promise<SloStatus> {
  const store = sloStore(env, tenant);
  const status = await withTimeout(store.evaluateSlo(tenant, now), DO_TIMEOUT_MS, "MetricsStore");
  if (status.pending.length === 0) return status;
  const ids = new Set(status.pending.map((e) => e.id));
  try {
    await publishWebhookEvents(env, tenant, status.pending.map((episode) => sloBreachedEvent(tenant, episode, now)));
    await withTimeout(store.sloNotified(tenant, [...ids]), DO_TIMEOUT_MS, "MetricsStore");
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "slo.breached not handed to the outbox; tried again at the next evaluation", tenant, episodes: ids.size, error: (error as Error)?.name ?? "Error" }));
    return status;
  }
  return { ...status, open: status.open.map((e) => (ids.has(e.id) ? { ...e, notified: true } : e)), pending: [] };
}

/**
 * After a deciding request: evaluate the tenant's SLO in the background if this isolate has not for
 * SLO_EVALUATE_EVERY_MS. Failures are logged, never the request's.
 *
 * @example
 * evaluateSloSometimes(env, "acme", Date.now(), (p) => ctx.waitUntil(p));
 */
export function evaluateSloSometimes(env: Env, tenant: string, now: number, waitUntil: (work: Promise<unknown>) => void): void {
  const last = lastTriggered.get(tenant);
  if (last !== undefined && now - last < SLO_EVALUATE_EVERY_MS) return;
  lastTriggered.delete(tenant);
  if (lastTriggered.size >= MAX_TENANTS) lastTriggered.delete(lastTriggered.keys().next().value as string);
  lastTriggered.set(tenant, now);
  waitUntil(
    evaluateTenantSlo(env, tenant, now).catch((error: unknown) => {
      console.warn(JSON.stringify({ level: "warn", msg: "slo evaluation failed", tenant, error: (error as Error)?.name ?? "Error" }));
    }),
  );
}
