/**
 * Test fixture: well-formed audit events (what the queue consumer will insert), deterministic.
 */
import type { NewAuditEvent } from "../schema.ts";

/**
 * The `i`-th event of a tenant's log: leaf index i, one second apart from 2025-01-01T00:00:00Z.
 *
 * @example
 * const batch = [0, 1, 2].map((i) => sampleEvent(i)); // leaves 0..2 of tenant "acme"
 * sampleEvent(3, { decision: "BLOCK", tenant: "globex" });
 */
export function sampleEvent(i: number, overrides: Partial<NewAuditEvent> = {}): NewAuditEvent {
  const tenant = overrides.tenant ?? "acme";
  return {
    eventId: `evt-${tenant}-${String(i).padStart(6, "0")}`,
    tenant,
    agentId: `agent-${i % 3}`,
    occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 1000),
    requestHash: i.toString(16).padStart(64, "0"),
    decision: "ALLOW",
    riskScore: 0.1,
    violations: [],
    obligations: [],
    explanation: { summary: "no rule matched", decided_by: [], laws: [], risk_features: {} },
    policyVersion: "v1",
    policyHash: "ab".repeat(32),
    latencyMs: 0.42,
    leafIndex: i,
    source: "edge-worker",
    deviceId: null,
    ...overrides,
  };
}
