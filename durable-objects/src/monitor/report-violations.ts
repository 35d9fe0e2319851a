/**
 * What the cloud does with a runtime-monitor violation (shared/src/monitor/), besides the fail-safe the
 * caller applies: an alert — a `monitor.violation` webhook event to the tenant's subscribers and an
 * error-level structured log line (ids, property and a fixed detail text: never request content) — a
 * metric (`nethical_monitor_violations_total{property,where}` in the tenant's MetricsStore) and an audit
 * record (a `monitor.violation` admin leaf in the tenant's Merkle log, actor `runtime-monitor`). Each is
 * tried independently: a failing one is logged and does not stop the others.
 */
import { buildAdminEvent, type AdminAuditEvent } from "@nethical/core";
import type { Violation } from "@nethical/core/monitor/index.ts";
import { auditLogFor, metricsStoreFor, webhookOutboxFor } from "../residency/by-tenant.ts";
import type { OutboundEvent } from "../webhook-outbox/types.ts";

/** Where the monitor saw it: the object (or device upload) that observed the violation. */
export type MonitorSite = "agent_state" | "audit_log";

/** The store name of the violations counter (workers/src/metrics/definitions.ts). */
export const MONITOR_VIOLATIONS_METRIC = "monitor_violations";

/**
 * The admin audit event recording `violation` (validated; no secrets, no request content).
 *
 * @example
 * monitorAuditEvent("acme", "agent_state", { property: "P1", agent_id: "r1", detail: "…" }, Date.now());
 */
export function monitorAuditEvent(tenant: string, site: MonitorSite, violation: Violation, now: number): AdminAuditEvent {
  return buildAdminEvent(
    {
      tenant,
      actor: { key_id: "runtime-monitor", role: "system" },
      action: "monitor.violation",
      target: violation.agent_id !== undefined ? { type: "agent", id: violation.agent_id } : { type: "audit_log", id: tenant },
      before: null,
      after: { property: violation.property, site, fail_safe: violation.agent_id !== undefined ? "agent_terminated" : "head_not_signed" },
      reason: violation.detail,
    },
    { eventId: crypto.randomUUID(), time: now },
  );
}

/**
 * The `monitor.violation` webhook event of `violation`.
 *
 * @example
 * monitorWebhookEvent("acme", "agent_state", violation, eventId, Date.now()).type; // "monitor.violation"
 */
export function monitorWebhookEvent(tenant: string, site: MonitorSite, violation: Violation, auditEventId: string, now: number): OutboundEvent {
  const data = { property: violation.property, site, detail: violation.detail, audit_event_id: auditEventId, ...(violation.agent_id !== undefined ? { agent_id: violation.agent_id } : {}) };
  return { type: "monitor.violation", key: `monitor.violation:${auditEventId}`, body: JSON.stringify({ type: "monitor.violation", timestamp: new Date(now).toISOString(), tenant, data }) };
}

/**
 * Alert, count and record `violations` of `tenant` seen at `site`. Never throws. `audit` appends the admin
 * leaves (default: the tenant's AuditLog over RPC; the AuditLog itself passes its own append).
 *
 * @example
 * await reportViolations(env, "acme", "agent_state", violations, Date.now());
 */
export async function reportViolations(env: Env, tenant: string, site: MonitorSite, violations: readonly Violation[], now: number, audit?: (events: AdminAuditEvent[]) => Promise<unknown>): Promise<void> {
  if (violations.length === 0) return;
  const records = violations.map((v) => ({ v, event: monitorAuditEvent(tenant, site, v, now) }));
  for (const { v, event } of records) {
    console.error(JSON.stringify({ level: "error", msg: "runtime monitor: safety property violated", tenant, site, property: v.property, agent_id: v.agent_id, detail: v.detail, audit_event_id: event.event_id }));
  }
  const counters = [...new Set(violations.map((v) => v.property))].map((property) => ({ name: MONITOR_VIOLATIONS_METRIC, labels: { property, where: site }, value: violations.filter((v) => v.property === property).length }));
  await Promise.all([
    attempt("audit", tenant, () => (audit ?? ((events) => auditLogFor(env, tenant).append(tenant, events)))(records.map((r) => r.event))),
    attempt("metric", tenant, () => metricsStoreFor(env, tenant).add(tenant, { id: `monitor:${records[0]?.event.event_id}`, counters, histograms: [] }, now)),
    attempt("webhook", tenant, () => webhookOutboxFor(env, tenant).publish(tenant, records.map((r) => monitorWebhookEvent(tenant, site, r.v, r.event.event_id, now)), now)),
  ]);
}

async function attempt(what: string, tenant: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "runtime monitor: violation report failed", what, tenant, error: error instanceof Error ? error.name : "error" }));
  }
}
