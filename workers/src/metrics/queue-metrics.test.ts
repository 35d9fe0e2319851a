/**
 * Queue metrics through the real queue handler (workerd): audit messages retried while Postgres is
 * unreachable count in `nethical_queue_retries_total{queue="audit"}`, dead letters parked in the AuditLog
 * count in `nethical_queue_dead_letters_total{queue="audit"}`, and the audit backlog gauge is the AuditLog's
 * outbox — each equal to what the queue harness and the AuditLog report.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { auditLogStub } from "../audit/audit-log-stub.ts";
import { AUDIT_DLQ_NAME, AUDIT_QUEUE_NAME, handleQueue } from "../queue/handle-queue.ts";
import { api, createTenant } from "../testing/api.ts";
import { parseExposition, samplesOf } from "./testing.ts";

async function run(queue: string, bodies: unknown[], environment: Env, attempts: number) {
  const batch = createMessageBatch(queue, bodies.map((body, i) => ({ id: `m${i}`, timestamp: Date.now(), attempts, body })));
  const ctx = createExecutionContext();
  await handleQueue(batch, environment);
  return getQueueResult(batch, ctx);
}

/** The same Worker environment with Postgres configured but unreachable (nothing listens on port 9). */
const deadDb = { ...env, DATABASE_URL: "postgresql://nethical_app:x@127.0.0.1:5432/nethical", NEON_WS_PROXY_PORT: "9" } as Env;

describe("queue metrics", () => {
  it("counts retries, dead letters and the audit backlog of the tenant", async () => {
    const { tenant, keys } = await createTenant("queue-metrics");
    const events = Array.from({ length: 3 }, (_, i) => sampleAuditEvent(i, { tenant }));
    const retried = await run(AUDIT_QUEUE_NAME, events, deadDb, 4);
    expect(retried.retryMessages.length).toBe(3);
    const parked = await run(AUDIT_DLQ_NAME, events, env, 11);
    expect(parked.explicitAcks.length).toBe(3);

    const parsed = parseExposition(await (await api("/v2/metrics", { key: keys.operator })).text());
    const value = (name: string, labels: Record<string, string>) => samplesOf(parsed, name, { tenant, ...labels }).reduce((n, s) => n + s.value, 0);
    expect(value("nethical_queue_retries_total", { queue: "audit" })).toBe(retried.retryMessages.length);
    expect(value("nethical_queue_dead_letters_total", { queue: "audit" })).toBe(parked.explicitAcks.length);
    expect(value("nethical_audit_backlog_events", {})).toBe((await auditLogStub(env, tenant).stats(tenant)).pending_db);
  }, 20_000);
});
