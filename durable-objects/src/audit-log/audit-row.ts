/**
 * Mapping between an audit event and its Postgres row (`audit_events`, db/src/schema.ts). The row holds
 * every field of the event, so for events whose id is the decision id (all but those with a caller-chosen
 * `request_id`, whose `decision_id` has no column) the event — and its Merkle leaf — can be rebuilt from
 * the row alone.
 */
import type { AuditEvent, Explanation, Obligation, TreeHead, Violation } from "@nethical/core";
import type { AuditEventRow, NewAuditEvent, NewTreeHead } from "@nethical/db";

/**
 * The row to insert for `event` at `leafIndex`.
 *
 * @example
 * await insertAuditEvents(db, [auditRow(event, 12)]);
 */
export function auditRow(event: AuditEvent, leafIndex: number): NewAuditEvent {
  return {
    eventId: event.event_id,
    tenant: event.tenant,
    agentId: event.agent_id,
    occurredAt: new Date(event.time),
    requestHash: event.request_hash,
    decision: event.decision,
    riskScore: event.risk_score,
    violations: event.violations,
    obligations: event.obligations,
    explanation: event.explanation,
    policyVersion: event.policy_version,
    policyHash: event.policy_hash,
    latencyMs: event.latency_ms,
    leafIndex,
    source: event.source,
    deviceId: event.device_id ?? null,
    cohortField: event.cohort?.field ?? null,
    cohortId: event.cohort?.id ?? null,
  };
}

/**
 * The event (and leaf index) a stored row describes.
 *
 * @example
 * const { event, leaf_index } = eventFromRow(row);
 */
export function eventFromRow(row: AuditEventRow): { event: AuditEvent; leaf_index: number } {
  const event: AuditEvent = {
    event_id: row.eventId,
    tenant: row.tenant,
    agent_id: row.agentId,
    time: row.occurredAt.toISOString(),
    request_hash: row.requestHash,
    decision: row.decision,
    risk_score: row.riskScore,
    violations: row.violations as Violation[],
    obligations: row.obligations as Obligation[],
    explanation: row.explanation as Explanation,
    policy_version: row.policyVersion,
    policy_hash: row.policyHash,
    latency_ms: row.latencyMs,
    source: row.source,
    ...(row.deviceId !== null ? { device_id: row.deviceId } : {}),
    ...(row.cohortField !== null && row.cohortId !== null ? { cohort: { field: row.cohortField, id: row.cohortId } } : {}),
  };
  return { event, leaf_index: row.leafIndex };
}

/**
 * The `tree_heads` row of a signed head.
 *
 * @example
 * await db.insert(treeHeads).values(treeHeadRow(sth)).onConflictDoNothing();
 */
export function treeHeadRow(head: TreeHead): NewTreeHead {
  return {
    tenant: head.log_id,
    treeSize: head.tree_size,
    rootHash: head.root_hash,
    timestamp: new Date(head.timestamp),
    signature: head.signature,
    keyId: head.key_id,
  };
}
