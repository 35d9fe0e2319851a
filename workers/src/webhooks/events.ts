/**
 * The outbound webhook events and their bodies. Every body is `{"type", "timestamp", "tenant", "data"}`
 * (the Standard Webhooks payload shape). Decision events are built from the audit event, which never
 * holds the raw action, raw PII or secrets: ids, the decision, laws, rule ids, risk, spans and hashes.
 *
 * - `decision.blocked` / `decision.terminated`: a BLOCK / TERMINATE decision.
 * - `agent.terminated`: the decision that terminated the agent — a TERMINATE not itself caused by the
 *   sticky termination (`explanation.decided_by` has neither the `law.7.sticky-terminate` agent-state entry
 *   nor the `sticky_terminate` override), so later TERMINATEs of an already terminated agent do not repeat it.
 * - `agent.reinstated`: an operator lifted the termination (the reason text is not sent).
 * - `policy.activated`: a policy version became the active one.
 * - `slo.breached`: a burn-rate alert of the tenant's SLO started a breach episode (once per episode,
 *   workers/src/slo/evaluate-tenant-slo.ts).
 */
import type { AuditEvent, Explanation } from "@nethical/core";
import type { OutboundEvent, WebhookEventType } from "@nethical/durable-objects/webhook-outbox/types";

/** The ids in `decided_by` that mean "terminated earlier" rather than "terminated by this decision". */
export const STICKY_TERMINATE_IDS: ReadonlySet<string> = new Set(["law.7.sticky-terminate", "sticky_terminate"]);

/**
 * The body of an event: JSON text, signed and sent as is.
 *
 * @example
 * webhookBody("agent.reinstated", "acme", { agent_id: "arm-1" }, Date.now());
 */
export function webhookBody(type: WebhookEventType, tenant: string, data: Record<string, unknown>, now: number): string {
  return JSON.stringify({ type, timestamp: new Date(now).toISOString(), tenant, data });
}

/**
 * Whether a TERMINATE decision is the one that terminated the agent (not a sticky repeat).
 *
 * @example
 * isFirstTermination(event.explanation); // false when decided_by holds "law.7.sticky-terminate"
 */
export function isFirstTermination(explanation: Explanation): boolean {
  return !explanation.decided_by.some((d) => STICKY_TERMINATE_IDS.has(d.id));
}

/**
 * The webhook `data` of a decision, from its audit event: ids, decision, laws, rules, risk, spans, hashes.
 *
 * @example
 * decisionData(event).laws; // [2]
 */
export function decisionData(event: AuditEvent): Record<string, unknown> {
  return {
    event_id: event.event_id,
    decision_id: event.decision_id ?? event.event_id,
    agent_id: event.agent_id,
    decision: event.decision,
    risk_score: event.risk_score,
    laws: event.explanation.laws,
    violations: event.violations,
    obligations: event.obligations,
    explanation: { summary: event.explanation.summary, decided_by: event.explanation.decided_by },
    policy_version: event.policy_version,
    policy_hash: event.policy_hash,
    request_hash: event.request_hash,
    decided_at: event.time,
    source: event.source,
    ...(event.device_id !== undefined ? { device_id: event.device_id } : {}),
  };
}

/**
 * The webhook events of decided audit events (ALLOW and RESTRICT give none).
 *
 * @example
 * decisionEvents("acme", [blockEvent], Date.now()).map((e) => e.type); // ["decision.blocked"]
 */
export function decisionEvents(tenant: string, events: readonly AuditEvent[], now: number): OutboundEvent[] {
  const out: OutboundEvent[] = [];
  for (const event of events) {
    const types: WebhookEventType[] =
      event.decision === "BLOCK" ? ["decision.blocked"] : event.decision === "TERMINATE" ? (isFirstTermination(event.explanation) ? ["decision.terminated", "agent.terminated"] : ["decision.terminated"]) : [];
    if (types.length === 0) continue;
    const data = decisionData(event);
    for (const type of types) out.push({ type, key: `${type}:${event.event_id}`, body: webhookBody(type, tenant, data, now) });
  }
  return out;
}

/**
 * The `agent.reinstated` event.
 *
 * @example
 * reinstatedEvent("acme", { agent_id: "arm-1", operator_key_id: "k1", terminated_seq: 4, terminated_decision_id: "d…" }, Date.now());
 */
export function reinstatedEvent(tenant: string, r: { agent_id: string; operator_key_id: string; terminated_seq: number | null; terminated_decision_id: string | null }, now: number): OutboundEvent {
  const data = { agent_id: r.agent_id, reinstated_at: new Date(now).toISOString(), operator_key_id: r.operator_key_id, terminated_seq: r.terminated_seq, terminated_decision_id: r.terminated_decision_id };
  return { type: "agent.reinstated", key: `agent.reinstated:${r.agent_id}:${now}:${crypto.randomUUID()}`, body: webhookBody("agent.reinstated", tenant, data, now) };
}

/**
 * The `policy.activated` event: the active bundle's meta (never the document), and who activated it.
 *
 * @example
 * policyActivatedEvent("acme", { seq: 3, hash: "…", policy_version: "1.ab12", signed: true, key_id: "policy-dev" }, { activated_by: "k1" }, Date.now());
 */
export function policyActivatedEvent(
  tenant: string,
  bundle: { seq: number; hash: string; policy_version: string; signed: boolean; key_id: string | null },
  context: { activated_by: string | null; policy_id?: string; version?: number },
  now: number,
): OutboundEvent {
  const data = {
    policy_version: bundle.policy_version,
    seq: bundle.seq,
    hash: bundle.hash,
    signed: bundle.signed,
    key_id: bundle.key_id,
    ...(context.policy_id !== undefined ? { policy_id: context.policy_id } : {}),
    ...(context.version !== undefined ? { version: context.version } : {}),
    activated_by: context.activated_by,
    activated_at: new Date(now).toISOString(),
  };
  return { type: "policy.activated", key: `policy.activated:${bundle.hash}:${bundle.seq}`, body: webhookBody("policy.activated", tenant, data, now) };
}
