/**
 * The WebhookOutbox's delivery leases (workerd), the two paths that keep a delivery from reaching its
 * receiver twice: a duplicate queue message arriving while an attempt holds the delivery gets `busy` (the
 * queue retries it later), and one arriving after the delivery succeeded gets `skip: delivered`. A lease
 * that outlives its attempt (the consumer died) is taken over; a dead-lettered delivery is skipped.
 * The delivery is written straight into the table, so no queue consumer races the test.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { insertDelivery } from "./delivery-table.ts";
import { webhookOutboxName } from "./name.ts";
import { ATTEMPT_LEASE_MS } from "./webhook-outbox.ts";

function freshOutbox() {
  const tenant = `outbox-${crypto.randomUUID().slice(0, 8)}`;
  return { tenant, stub: env.WEBHOOK_OUTBOX.get(env.WEBHOOK_OUTBOX.idFromName(webhookOutboxName(tenant))) };
}

const OK = { ok: true, status_code: 200, error: null, duration_ms: 12, manual: false, next_retry_at: null };
const FAILED = { ok: false, status_code: 500, error: null, duration_ms: 12, manual: false, next_retry_at: 0 };

async function delivery(tenant: string, stub: ReturnType<typeof freshOutbox>["stub"]) {
  const created = await stub.createSubscription(tenant, { url: "https://hooks.example.com/lease", events: ["decision.blocked"], description: null }, Date.now());
  if (!created.ok) throw new Error("subscription not created");
  const job = { tenant, subscription_id: created.subscription.id, delivery_id: `msg_${crypto.randomUUID().replaceAll("-", "")}` };
  await runInDurableObject(stub, (_o, state) => {
    insertDelivery(state.storage.sql, { id: job.delivery_id, subscription_id: job.subscription_id, event_type: "decision.blocked", event_key: `k-${job.delivery_id}`, body: "{}", created_at: Date.now() });
  });
  return job;
}

describe("WebhookOutbox delivery leases", () => {
  it("a duplicate message during an attempt is busy; after success it is skipped as delivered", async () => {
    const { tenant, stub } = freshOutbox();
    const job = await delivery(tenant, stub);
    const t = Date.now() + 600_000;
    expect(await stub.ticket(tenant, job, t)).toMatchObject({ kind: "deliver", delivery_id: job.delivery_id, attempt: 1 });
    expect(await stub.ticket(tenant, job, t + 1_000)).toEqual({ kind: "busy" });
    await stub.recordAttempt(tenant, job.delivery_id, OK, t + 2_000);
    expect(await stub.ticket(tenant, job, t + 3_000)).toEqual({ kind: "skip", reason: "delivered" });
    expect(await stub.ticket(tenant, job, t + 10 * ATTEMPT_LEASE_MS)).toEqual({ kind: "skip", reason: "delivered" });
    const [logged] = (await stub.deliveries(tenant, job.subscription_id, { limit: 10 })) ?? [];
    expect(logged).toMatchObject({ id: job.delivery_id, status: "delivered", attempt_count: 1 });
  });

  it("a failed attempt frees the delivery for the retry; a lease whose attempt died is taken over; dead-lettered is skipped", async () => {
    const { tenant, stub } = freshOutbox();
    const job = await delivery(tenant, stub);
    const t = Date.now() + 600_000;
    expect(await stub.ticket(tenant, job, t)).toMatchObject({ kind: "deliver", attempt: 1 });
    await stub.recordAttempt(tenant, job.delivery_id, FAILED, t + 1_000);
    expect(await stub.ticket(tenant, job, t + 2_000)).toMatchObject({ kind: "deliver", attempt: 2 });
    // The consumer holding attempt 2 dies without recording it: after the lease the next message takes over.
    expect(await stub.ticket(tenant, job, t + 2_000 + ATTEMPT_LEASE_MS - 1)).toEqual({ kind: "busy" });
    expect(await stub.ticket(tenant, job, t + 2_000 + ATTEMPT_LEASE_MS + 1)).toMatchObject({ kind: "deliver", attempt: 2 });
    expect(await stub.deadLetter(tenant, job.delivery_id, t + 3 * ATTEMPT_LEASE_MS)).toBe(true);
    expect(await stub.ticket(tenant, job, t + 4 * ATTEMPT_LEASE_MS)).toEqual({ kind: "skip", reason: "dead_lettered" });
  });
});
