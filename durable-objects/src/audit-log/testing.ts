/**
 * Helpers for the AuditLog workerd tests: a fresh tenant's AuditLog stub and sample events.
 */
import { env } from "cloudflare:workers";
import type { AuditEvent } from "@nethical/core";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { auditLogName } from "./name.ts";

/**
 * A tenant id no other test uses, and its AuditLog.
 *
 * @example
 * const { tenant, stub } = freshLog("append");
 */
export function freshLog(prefix: string) {
  const tenant = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  return { tenant, stub: env.AUDIT_LOG.get(env.AUDIT_LOG.idFromName(auditLogName(tenant))) };
}

/**
 * `count` sample events of `tenant` starting at `from`.
 *
 * @example
 * events("acme", 3); // evt-acme-000000 … 000002
 */
export function events(tenant: string, count: number, from = 0): AuditEvent[] {
  return Array.from({ length: count }, (_, i) => sampleAuditEvent(from + i, { tenant }));
}
