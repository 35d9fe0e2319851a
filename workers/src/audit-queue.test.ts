/**
 * The audit Queue consumers, driven with real message batches: nothing is acknowledged before it is
 * stored; a redelivered batch keeps its leaf indices; Postgres unreachable → every message retried with
 * backoff (the AuditLog already holds them, in its outbox); dead letters parked in the AuditLog outbox;
 * malformed messages dropped (they cannot become valid); and a Queue that refuses a send → the events
 * are appended to the AuditLog directly.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import type { AuditEvent } from "@nethical/core";
import { putTenantRecord } from "@nethical/durable-objects/residency/tenant-record";
import { auditLogStub } from "./audit/audit-log-stub.ts";
import { sendAuditEvents } from "./audit/send-events.ts";
import { AUDIT_DLQ_NAME, AUDIT_QUEUE_NAME, handleQueue } from "./queue/handle-queue.ts";

/** A tenant (its record, so the residency seam knows it: residency `any`) and `count` of its events. */
async function tenantEvents(prefix: string, count: number): Promise<{ tenant: string; events: AuditEvent[] }> {
  const tenant = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  await putTenantRecord(env.POLICY_KV, { tenant, name: tenant, residency: "any", created_at: new Date().toISOString() });
  return { tenant, events: Array.from({ length: count }, (_, i) => sampleAuditEvent(i, { tenant })) };
}

function batchOf(queue: string, bodies: unknown[], attempts = 1) {
  return createMessageBatch(queue, bodies.map((body, i) => ({ id: `m${i}`, timestamp: Date.now(), attempts, body })));
}

async function run(queue: string, bodies: unknown[], environment: Env = env, attempts = 1) {
  const batch = batchOf(queue, bodies, attempts);
  const ctx = createExecutionContext();
  await handleQueue(batch, environment);
  return getQueueResult(batch, ctx);
}

/** The same Worker environment with Postgres configured but unreachable (nothing listens on port 9). */
const deadDb = { ...env, DATABASE_URL: "postgresql://nethical_app:x@127.0.0.1:5432/nethical", NEON_WS_PROXY_PORT: "9" } as Env;

describe("audit queue consumer", () => {
  it("appends every event to its tenant's AuditLog and acknowledges it", async () => {
    const one = await tenantEvents("q-one", 3);
    const two = await tenantEvents("q-two", 2);
    const result = await run(AUDIT_QUEUE_NAME, [...one.events, ...two.events]);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1", "m2", "m3", "m4"]);
    expect(result.retryMessages).toEqual([]);
    expect((await auditLogStub(env, one.tenant).stats(one.tenant)).tree_size).toBe(3);
    expect((await auditLogStub(env, two.tenant).stats(two.tenant)).tree_size).toBe(2);
  });

  it("keeps leaf indices when a batch is redelivered", async () => {
    const { tenant, events } = await tenantEvents("q-redeliver", 4);
    await run(AUDIT_QUEUE_NAME, events);
    const first = await Promise.all(events.map(async (e) => (await auditLogStub(env, tenant).getEvent(tenant, e.event_id))?.leaf_index));
    const again = await run(AUDIT_QUEUE_NAME, [...events].reverse(), env, 2);
    expect(again.explicitAcks).toHaveLength(4);
    const second = await Promise.all(events.map(async (e) => (await auditLogStub(env, tenant).getEvent(tenant, e.event_id))?.leaf_index));
    expect(second).toEqual(first);
    expect((await auditLogStub(env, tenant).stats(tenant)).tree_size).toBe(4);
  });

  it("retries every message while Postgres is unreachable; the AuditLog holds them meanwhile", async () => {
    const { tenant, events } = await tenantEvents("q-nodb", 3);
    const result = await run(AUDIT_QUEUE_NAME, events, deadDb, 4);
    expect(result.explicitAcks).toEqual([]);
    // (The test harness does not record delaySeconds; retry-delay.test.ts covers the backoff itself.)
    expect(result.retryMessages.map((m) => m.msgId).sort()).toEqual(["m0", "m1", "m2"]);
    const stats = await auditLogStub(env, tenant).stats(tenant);
    expect(stats.tree_size).toBe(3);
    expect(stats.pending_db).toBe(3);
  }, 20_000);

  it("drops malformed messages (acknowledged, logged by id) and stores the rest", async () => {
    const { tenant, events } = await tenantEvents("q-junk", 1);
    const result = await run(AUDIT_QUEUE_NAME, ["junk", { ...events[0], request: "raw text" }, events[0]]);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1", "m2"]);
    expect((await auditLogStub(env, tenant).stats(tenant)).tree_size).toBe(1);
  });
});

describe("audit dead-letter consumer", () => {
  it("parks dead letters in the AuditLog outbox, appended once, and acknowledges them", async () => {
    const { tenant, events } = await tenantEvents("q-dlq", 3);
    await run(AUDIT_QUEUE_NAME, events.slice(0, 1)); // one was appended before it was dead-lettered
    const result = await run(AUDIT_DLQ_NAME, events, env, 11);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1", "m2"]);
    const stats = await auditLogStub(env, tenant).stats(tenant);
    expect(stats.tree_size).toBe(3);
    expect(stats.pending_db).toBe(3);
  });
});

describe("sending audit events", () => {
  it("appends directly to the AuditLog when the Queue refuses the send", async () => {
    const { tenant, events } = await tenantEvents("q-fallback", 2);
    const brokenQueue = { ...env, AUDIT_QUEUE: { send: () => Promise.reject(new Error("queue down")), sendBatch: () => Promise.reject(new Error("queue down")) } } as unknown as Env;
    expect(await sendAuditEvents(brokenQueue, events)).toBe("direct");
    const stats = await auditLogStub(env, tenant).stats(tenant);
    expect(stats.tree_size).toBe(2);
    expect(stats.pending_db).toBe(2);
  });

  it("uses the Queue when it works", async () => {
    const { events } = await tenantEvents("q-send", 1);
    expect(await sendAuditEvents(env, events)).toBe("queue");
  });
});
