/**
 * The sizing model: measured per-component costs (bench/results/scale-inputs.json) and published limits
 * (limits.ts) combined into what a sustained decision rate needs — objects, KV reads, queue messages, database
 * writes — and what a million decisions cost. Pure arithmetic; every operation count follows the code path of
 * `POST /v2/evaluate` (one AgentState RPC, one audit-queue message per decision; the consumer appends each
 * tenant's share of a batch to its AuditLog, inserts it into Postgres, then acknowledges it to the AuditLog;
 * the policy seq pointer and canary are re-read from KV at most once a second per isolate and tenant, an API
 * key at most every 5 s per isolate).
 */
import { limit } from "./limits.ts";

/** What was measured on this machine (see bench/scale-inputs.bench.ts). */
export interface MeasuredInputs {
  /** CPU µs of `evaluate` per decision (one core). */
  evaluateUs: number;
  /** AgentState critical section µs per decision with the whole evaluation inside the object (before the split). */
  objectUsToday: number;
  /** The same with the evaluation prepared at the PoP (the split); null when not measured (then estimated). */
  objectUsSplit: number | null;
  /** CPU µs of `prepareEvaluation` per decision at the PoP (the split); null when not measured (then evaluate's). */
  prepareUs: number | null;
  /** MerkleLog appends/s per AuditLog object, 100 events per transaction. */
  auditAppendsPerS: number;
  /** SQLite rows written per appended event (Merkle nodes). */
  auditRowsWrittenPerAppend: number;
  /** PostgreSQL audit rows/s on this machine by rows per insert statement (measured at 1, 10 and 100). */
  pgRowsPerSByBatch: Readonly<Record<number, number>>;
  /** Cores of this machine (PostgreSQL ran on them). */
  cores: number;
  /** Bytes of one agent's SQLite database (schema + row). */
  agentSqliteBytes: number;
}

/** A load to size for. */
export interface Scenario {
  name: string;
  decisionsPerS: number;
  /** Agents that exist (one AgentState object each, stored). */
  agents: number;
  /** Agents deciding at the same time (active objects). */
  concurrentAgents: number;
  tenants: number;
  apiKeysPerTenant: number;
  /** Worker isolates that see traffic (an assumption: no published figure). */
  isolates: number;
  /** Where evaluate runs: inside AgentState (before the split) or prepared at the PoP (issue 16 part 0, the code now). */
  evaluateAt: "object" | "pop";
  /** Audit queues the load is spread over (today: 1, `nethical-audit`). */
  auditQueues: number;
}

/** Per-decision costs in USD per million decisions, by line. */
export interface CostLines {
  workers_requests: number;
  workers_cpu: number;
  do_requests: number;
  do_duration: number;
  do_rows_written: number;
  kv_reads: number;
  queue_operations: number;
  postgres_compute: number;
  total: number;
}

/** What a scenario needs. */
export interface Sizing {
  scenario: Scenario;
  agentStateObjects: number;
  activeAgentStateObjects: number;
  /** Most decisions/s one agent can get: its object's CPU or the per-object soft limit, whichever is lower. */
  perAgentMaxDecisionsPerS: number;
  auditLogObjects: number;
  doRequestsPerS: number;
  kvReadsPerS: number;
  queueMessagesPerS: number;
  queuesNeeded: number;
  dbRowsPerS: number;
  dbStatementsPerS: number;
  /** Rows in one insert statement: a batch of 100 holds several tenants, each inserted on its own. */
  rowsPerStatement: number;
  postgresCu: number;
  workerCpuCoresBusy: number;
  costPerMillion: CostLines;
  /** Durable Object duration if every active AgentState stayed billed all the time (never hibernating), per 1M decisions. */
  doDurationUpperBoundPerMillion: number;
  usdPerMonth: number;
  agentStorageGb: number;
  agentStorageUsdPerMonth: number;
}

const BATCH = 100;
const POLICY_FRESH_S = 1; // workers/src/policy/active-policy.ts POLICY_FRESH_MS
const STOP_FRESH_S = 1; // workers/src/fleet-control/stop-state.ts STOP_FRESH_MS
const KEY_TTL_S = 5; // workers/src/auth/key-store.ts KEY_CACHE_TTL_MS
const SECONDS_PER_MONTH = 30 * 86_400;

/**
 * Reads/s of a value cached for `ttlS` by each of `pairs` (isolate, key) pairs that share `ratePerS`
 * requests: a read happens on the first request after the entry expires, so one cycle lasts ttl + 1/λ.
 *
 * @example
 * refreshReadsPerS(1000, 10, 1); // 1000 pairs at 10 req/s each, 1 s TTL → ~909 reads/s
 */
export function refreshReadsPerS(ratePerS: number, pairs: number, ttlS: number): number {
  if (pairs <= 0 || ratePerS <= 0) return 0;
  const lambda = ratePerS / pairs;
  return (pairs * lambda) / (1 + lambda * ttlS);
}

/**
 * Expected distinct tenants in one consumer batch of `batch` messages over `tenants` equally busy tenants.
 *
 * @example
 * tenantsPerBatch(1, 100); // 1
 */
export function tenantsPerBatch(tenants: number, batch = BATCH): number {
  return tenants * (1 - (1 - 1 / tenants) ** batch);
}

/**
 * PostgreSQL rows/s at `rowsPerStatement` rows per insert, interpolated (log–log) between the measured batch
 * sizes and held flat beyond them.
 *
 * @example
 * pgRowsPerSAt({ 1: 600, 10: 3600, 100: 9900 }, 10); // 3600
 */
export function pgRowsPerSAt(byBatch: Readonly<Record<number, number>>, rowsPerStatement: number): number {
  const points = Object.entries(byBatch).map(([b, v]) => [Number(b), v] as const).sort((a, b) => a[0] - b[0]);
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined) throw new Error("no PostgreSQL measurement");
  if (rowsPerStatement <= first[0]) return first[1];
  if (rowsPerStatement >= last[0]) return last[1];
  for (let i = 1; i < points.length; i++) {
    const [b1, v1] = points[i - 1] as readonly [number, number];
    const [b2, v2] = points[i] as readonly [number, number];
    if (rowsPerStatement <= b2) {
      const t = Math.log(rowsPerStatement / b1) / Math.log(b2 / b1);
      return Math.exp(Math.log(v1) + t * Math.log(v2 / v1));
    }
  }
  return last[1];
}

/**
 * The object's µs per decision in a scenario: the critical section before the split, or the split's (measured,
 * or estimated as before minus evaluate).
 *
 * @example
 * objectUs(inputs, "pop"); // inputs.objectUsSplit, or inputs.objectUsToday - inputs.evaluateUs
 */
export function objectUs(inputs: MeasuredInputs, at: Scenario["evaluateAt"]): number {
  if (at === "object") return inputs.objectUsToday;
  return inputs.objectUsSplit ?? Math.max(1, inputs.objectUsToday - inputs.evaluateUs);
}

/**
 * Size `scenario` with `inputs` and the published limits.
 *
 * @example
 * const s = size(inputs, { name: "10k/s", decisionsPerS: 10_000, agents: 100_000, concurrentAgents: 100_000, tenants: 1000, apiKeysPerTenant: 5, isolates: 300, evaluateAt: "object", auditQueues: 1 });
 * s.queuesNeeded; // 2: one queue carries 5,000 messages/s
 */
export function size(inputs: MeasuredInputs, scenario: Scenario): Sizing {
  const r = scenario.decisionsPerS;
  const objUs = objectUs(inputs, scenario.evaluateAt);
  const batchesPerS = r / BATCH;
  const groupsPerS = batchesPerS * tenantsPerBatch(scenario.tenants);
  const tenantIsolatePairs = scenario.isolates * scenario.tenants;
  const policyKvReads = 2 * refreshReadsPerS(r, tenantIsolatePairs, POLICY_FRESH_S); // seq pointer + canary
  const keyKvReads = refreshReadsPerS(r, scenario.isolates * scenario.tenants * scenario.apiKeysPerTenant, KEY_TTL_S);
  const kvReadsPerS = policyKvReads + keyKvReads;
  const stopReadsPerS = refreshReadsPerS(r, tenantIsolatePairs, STOP_FRESH_S); // PolicyStore RPC, not KV
  const doRequestsPerS = r + stopReadsPerS + 2 * groupsPerS; // AgentState + stop state + AuditLog append and ack
  const rowsPerStatement = BATCH / tenantsPerBatch(scenario.tenants);
  const pgPerCu = pgRowsPerSAt(inputs.pgRowsPerSByBatch, rowsPerStatement) / inputs.cores; // assumption: 1 CU ≈ 1 core (Neon's CPU per CU: not found)
  const postgresCu = r / pgPerCu;
  const workerUsPerDecision = scenario.evaluateAt === "pop" ? (inputs.prepareUs ?? inputs.evaluateUs) : 0; // the Worker's own CPU besides evaluate: not measured
  const auditUs = 1e6 / inputs.auditAppendsPerS;
  const rowsWritten = 1 + inputs.auditRowsWrittenPerAppend + 1; // agent row + Merkle nodes + the AuditLog's event row
  const perM = (perS: number) => (perS / r) * 1e6;
  const lines = {
    workers_requests: (perM(r + batchesPerS) / 1e6) * limit("workers_request_usd_per_m"),
    workers_cpu: ((workerUsPerDecision / 1000) * 1e6 / 1e6) * limit("workers_cpu_usd_per_m_ms"),
    do_requests: (perM(doRequestsPerS) / 1e6) * limit("do_request_usd_per_m"),
    do_duration: (((objUs + auditUs) / 1e6) * 1e6 * limit("do_memory_gb") / 1e6) * limit("do_duration_usd_per_m_gb_s"),
    do_rows_written: rowsWritten * limit("do_rows_written_usd_per_m"),
    kv_reads: (perM(kvReadsPerS) / 1e6) * limit("kv_read_usd_per_m"),
    queue_operations: 3 * limit("queue_ops_usd_per_m"),
    postgres_compute: (postgresCu * limit("neon_cu_hour_usd_scale")) / ((r * 3600) / 1e6),
  };
  const total = Object.values(lines).reduce((a, b) => a + b, 0);
  const agentStorageGb = (scenario.agents * inputs.agentSqliteBytes) / 1e9;
  return {
    scenario,
    agentStateObjects: scenario.agents,
    activeAgentStateObjects: Math.min(scenario.concurrentAgents, scenario.agents),
    perAgentMaxDecisionsPerS: Math.min(1e6 / objUs, limit("do_soft_rps_per_object")),
    auditLogObjects: scenario.tenants,
    doRequestsPerS,
    kvReadsPerS,
    queueMessagesPerS: r,
    queuesNeeded: Math.ceil(r / limit("queue_msgs_per_s")),
    dbRowsPerS: r,
    dbStatementsPerS: groupsPerS,
    rowsPerStatement,
    postgresCu,
    workerCpuCoresBusy: (r * workerUsPerDecision) / 1e6,
    costPerMillion: { ...lines, total },
    doDurationUpperBoundPerMillion: ((Math.min(scenario.concurrentAgents, scenario.agents) * limit("do_memory_gb")) / r) * 1e6 * (limit("do_duration_usd_per_m_gb_s") / 1e6),
    usdPerMonth: (total * r * SECONDS_PER_MONTH) / 1e6,
    agentStorageGb,
    agentStorageUsdPerMonth: agentStorageGb * limit("do_storage_usd_per_gb_month"),
  };
}
