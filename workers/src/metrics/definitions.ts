/**
 * The metrics the Worker exports on GET /v2/metrics: one definition each, the single source of the
 * exposition's names, types and help texts (and of the dashboard test's list of exported names). Counters
 * and histograms are recorded per tenant into its MetricsStore (`store` is the name stored there); gauges
 * are read at scrape time. Every series also carries a `tenant` label.
 */

/** How a metric is exposed. */
export type MetricKind = "counter" | "histogram" | "gauge";

/** One exported metric. */
export interface MetricDefinition {
  /** Name in the MetricsStore (and in the Worker's recording calls). */
  store: string;
  /** Prometheus name: counters get `_total` appended, histograms `_bucket`/`_sum`/`_count`. */
  name: string;
  kind: MetricKind;
  help: string;
  /** Label names besides `tenant`. */
  labels: readonly string[];
  /** Histograms only: recorded in milliseconds, exposed in seconds. */
  seconds?: boolean;
  /** Histograms only: also kept per minute for rolling SLO windows (MetricsStore.latencyWindow). */
  windowed?: boolean;
}

const defs = [
  { store: "decisions", name: "nethical_decisions", kind: "counter", help: "Decisions answered, by outcome (ALLOW, RESTRICT, BLOCK, TERMINATE) and action type.", labels: ["decision", "action_type"] },
  { store: "decision_laws", name: "nethical_decision_laws", kind: "counter", help: "Decisions by the laws their violations name (a decision counts once for each distinct law).", labels: ["decision", "law"] },
  { store: "degraded", name: "nethical_degraded_answers", kind: "counter", help: "Answers given by the fail-safe because a dependency was unreachable or slow, by reason.", labels: ["reason"] },
  { store: "request_duration", name: "nethical_request_duration_seconds", kind: "histogram", help: "Time from a deciding request's arrival to its answer (evaluate, batch-evaluate, inbound webhooks).", labels: ["route"], seconds: true, windowed: true },
  { store: "agent_state_duration", name: "nethical_agent_state_call_duration_seconds", kind: "histogram", help: "Worker-side duration of one AgentState call (all of one agent's requests of a request).", labels: [], seconds: true },
  { store: "evaluate_duration", name: "nethical_evaluate_duration_seconds", kind: "histogram", help: "Duration of the decision step (policy resolution, AgentState call, fail-safe) of one request.", labels: [], seconds: true },
  { store: "pop_prepared", name: "nethical_pop_prepared", kind: "counter", help: "Requests prepared at the PoP, by whether this isolate's preparation cache (warmed by pre-computation) had them: hit or miss (README \"Predictive pre-computation and the decision cache\").", labels: ["result"] },
  { store: "policy_lookups", name: "nethical_policy_lookups", kind: "counter", help: "Policy resolutions by the level that answered: l1 (isolate memory), l2 (Cache API), l3 (Workers KV), store (PolicyStore: all caches missed).", labels: ["level"] },
  { store: "queue_retries", name: "nethical_queue_retries", kind: "counter", help: "Queue messages handed back for another try, by queue (audit, audit_dlq, webhooks, webhooks_dlq).", labels: ["queue"] },
  { store: "queue_dead_letters", name: "nethical_queue_dead_letters", kind: "counter", help: "Messages that exhausted their retries: audit events parked in the AuditLog outbox, webhook deliveries marked dead-lettered.", labels: ["queue"] },
  { store: "audit_backlog", name: "nethical_audit_backlog_events", kind: "gauge", help: "Audit events in the AuditLog outbox that Postgres does not hold yet (read at scrape).", labels: [] },
  { store: "monitor_violations", name: "nethical_monitor_violations", kind: "counter", help: "Safety-property violations the runtime monitor caught (P1 no decision but TERMINATE after TERMINATE until reinstated, P2 gap-free per-agent seq, P3 only verified bundles decide, P4 the audit log only grows), by property and where (agent_state, audit_log); each also terminated the agent or refused the tree head (README \"Runtime monitor and safety case\").", labels: ["property", "where"] },
  { store: "devices", name: "nethical_devices", kind: "gauge", help: "Enrolled devices by the mode they last reported (ONLINE, DEGRADED, OFFLINE, unknown), read at scrape.", labels: ["mode"] },
  // SLOs and the latency breaker (workers/src/slo/).
  { store: "degraded_request_duration", name: "nethical_degraded_request_duration_seconds", kind: "histogram", help: "Time to answer of deciding requests answered (at least partly) by the fail-safe; per minute, the bad events of the availability SLO.", labels: ["route"], seconds: true, windowed: true },
  { store: "breaker_transitions", name: "nethical_breaker_transitions", kind: "counter", help: "Latency breaker state changes (per isolate, summed), by dependency (agent_state, kv, policy_store) and new state (open, half_open, closed).", labels: ["dependency", "to"] },
  { store: "slo_burn_rate", name: "nethical_slo_burn_rate", kind: "gauge", help: "Error-budget burn rate of each SLO objective (p50, p95, p99, availability) of the tenant's profile over rolling windows (5m, 30m, 1h, 6h); 1 spends a 30-day budget exactly; read at scrape.", labels: ["objective", "window"] },
  { store: "slo_breached", name: "nethical_slo_breached", kind: "gauge", help: "1 while a burn-rate alert (fast_burn: 1h and 5m over 14.4; slow_burn: 6h and 30m over 6) has an open breach episode, else 0; read at scrape.", labels: ["alert"] },
] as const satisfies readonly MetricDefinition[];

/** Every exported metric. */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = defs;

/** The store names of the recorded (counter and histogram) metrics. */
export type RecordedMetric = Extract<(typeof defs)[number], { kind: "counter" | "histogram" }>["store"];

/**
 * The definition recorded under `store`, or undefined.
 *
 * @example
 * definitionOf("decisions")?.name; // "nethical_decisions"
 */
export function definitionOf(store: string): MetricDefinition | undefined {
  return METRIC_DEFINITIONS.find((d) => d.store === store);
}
