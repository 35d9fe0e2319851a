/**
 * A small discrete-time simulation (1 s ticks, seeded) that replays the measured per-component costs under a
 * heavy-tailed agent activity: agent k (rank 1 is the busiest) decides with probability ∝ 1/k^s (Zipf), and
 * each agent belongs to a tenant drawn the same way, so a few agents and tenants carry much of the load. Each
 * tick, every component's arrivals are compared with its capacity and its backlog carried over:
 *
 * - one AgentState object per agent (capacity: 1e6 / its µs per decision, capped by the per-object soft limit);
 * - one AuditLog object per tenant (capacity: appends/s, and RPCs — an append and an ack per consumer batch
 *   holding the tenant — under the per-object soft limit);
 * - the audit queue(s) (messages/s per queue);
 * - PostgreSQL (rows/s at the rows per insert statement the tenant mix gives: the consumer inserts each
 *   tenant's share of a 100-message batch in its own statement).
 *
 * The first bottleneck is the component whose utilisation passes 1 at the lowest global rate.
 */
import { seededRandom } from "@nethical/core/testing/random.ts";

/** Capacities per second, per object or in total. */
export interface Capacities {
  /** CPU µs of one decision inside an AgentState object. */
  agentStateUsPerDecision: number;
  auditLogAppendsPerObject: number;
  /** Requests/s one Durable Object takes (the soft limit). */
  doRpcPerObject: number;
  queue: number;
  /** PostgreSQL rows/s when each insert statement carries `rowsPerStatement` rows. */
  postgresRowsPerS: (rowsPerStatement: number) => number;
}

export interface SimConfig {
  seed: number;
  agents: number;
  tenants: number;
  /** Zipf exponent of agent activity (1 = classic Zipf). */
  agentSkew: number;
  /** Zipf exponent of agents over tenants. */
  tenantSkew: number;
  seconds: number;
  rates: readonly number[];
  capacities: Capacities;
  batch?: number;
}

export type Component = "agent_state" | "audit_log" | "queue" | "postgres";

/** One global rate's outcome: peak utilisation per component and what is left queued at the end. */
export interface RateOutcome {
  rate: number;
  hottestAgentPerS: number;
  /** Share of the hottest AgentState object's time spent deciding (its CPU): what duration billing sees. */
  hottestAgentCpuBusy: number;
  hottestTenantPerS: number;
  /** Mean rows per Postgres insert statement (a batch's tenants are inserted one statement each). */
  rowsPerStatement: number;
  utilisation: Record<Component, number>;
  backlogAtEnd: Record<Component, number>;
  saturated: Component[];
}

export interface SimResult {
  outcomes: RateOutcome[];
  /** Lowest simulated rate at which some component saturates, and which (the most utilised); null if none. */
  firstBottleneck: { rate: number; component: Component; utilisation: number } | null;
}

/** Deterministic PRNG (mulberry32): the core's seeded generator, under the name the simulation's tests use. */
export { seededRandom as rng };

/**
 * Cumulative Zipf weights over n ranks with exponent s, normalised to end at 1.
 *
 * @example
 * zipfCdf(3, 1); // [0.545…, 0.818…, 1]
 */
export function zipfCdf(n: number, s: number): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / (k + 1) ** s;
  for (let k = 0; k < n; k++) cdf[k] = (cdf[k] as number) / sum;
  return cdf;
}

/**
 * The rank whose cumulative weight first reaches u (binary search).
 *
 * @example
 * pick(zipfCdf(3, 1), 0.6); // 1
 */
export function pick(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cdf[mid] as number) < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Run the simulation over every rate in `config.rates`.
 *
 * @example
 * const { firstBottleneck } = simulate({ seed: 1, agents: 1000, tenants: 10, agentSkew: 1, tenantSkew: 1, seconds: 5, rates: [1000, 10_000], capacities });
 */
export function simulate(config: SimConfig): SimResult {
  const batch = config.batch ?? 100;
  const random = seededRandom(config.seed);
  const agentCdf = zipfCdf(config.agents, config.agentSkew);
  const tenantCdf = zipfCdf(config.tenants, config.tenantSkew);
  const tenantOf = new Int32Array(config.agents);
  for (let a = 0; a < config.agents; a++) tenantOf[a] = pick(tenantCdf, random());
  const c = config.capacities;
  const agentCapacity = Math.min(1e6 / c.agentStateUsPerDecision, c.doRpcPerObject);
  const outcomes: RateOutcome[] = [];
  for (const rate of config.rates) {
    const agentBacklog = new Float64Array(config.agents);
    const tenantBacklog = new Float64Array(config.tenants);
    let queueBacklog = 0;
    let pgBacklog = 0;
    const util: Record<Component, number> = { agent_state: 0, audit_log: 0, queue: 0, postgres: 0 };
    let hottestAgent = 0;
    let hottestTenant = 0;
    let statements = 0;
    for (let t = 0; t < config.seconds; t++) {
      const perAgent = new Float64Array(config.agents);
      const perTenant = new Float64Array(config.tenants);
      for (let i = 0; i < rate; i++) {
        const a = pick(agentCdf, random());
        perAgent[a] = (perAgent[a] as number) + 1;
        const tenant = tenantOf[a] as number;
        perTenant[tenant] = (perTenant[tenant] as number) + 1;
      }
      for (let a = 0; a < config.agents; a++) {
        const arrivals = perAgent[a] as number;
        if (arrivals === 0 && agentBacklog[a] === 0) continue;
        hottestAgent = Math.max(hottestAgent, arrivals);
        util.agent_state = Math.max(util.agent_state, arrivals / agentCapacity);
        agentBacklog[a] = Math.max(0, (agentBacklog[a] as number) + arrivals - agentCapacity);
      }
      const batches = Math.ceil(rate / batch);
      let tickStatements = 0;
      for (let k = 0; k < config.tenants; k++) {
        const arrivals = perTenant[k] as number;
        if (arrivals === 0 && tenantBacklog[k] === 0) continue;
        hottestTenant = Math.max(hottestTenant, arrivals);
        tickStatements += Math.min(arrivals, batches);
        const rpcs = 2 * Math.min(arrivals, batches);
        util.audit_log = Math.max(util.audit_log, arrivals / c.auditLogAppendsPerObject, rpcs / c.doRpcPerObject);
        const eventsPerGroup = Math.max(1, arrivals / Math.max(1, Math.min(arrivals, batches)));
        const capacity = Math.min(c.auditLogAppendsPerObject, (c.doRpcPerObject / 2) * eventsPerGroup);
        tenantBacklog[k] = Math.max(0, (tenantBacklog[k] as number) + arrivals - capacity);
      }
      util.queue = Math.max(util.queue, rate / c.queue);
      queueBacklog = Math.max(0, queueBacklog + rate - c.queue);
      statements += tickStatements;
      const pgCapacity = c.postgresRowsPerS(rate / Math.max(1, tickStatements));
      util.postgres = Math.max(util.postgres, rate / pgCapacity);
      pgBacklog = Math.max(0, pgBacklog + rate - pgCapacity);
    }
    const backlogAtEnd: Record<Component, number> = {
      agent_state: Math.round(agentBacklog.reduce((s, b) => s + b, 0)),
      audit_log: Math.round(tenantBacklog.reduce((s, b) => s + b, 0)),
      queue: Math.round(queueBacklog),
      postgres: Math.round(pgBacklog),
    };
    const saturated = (Object.keys(util) as Component[]).filter((k) => util[k] >= 1);
    outcomes.push({
      rate,
      hottestAgentPerS: hottestAgent,
      hottestAgentCpuBusy: Math.min(1, (Math.min(hottestAgent, agentCapacity) * c.agentStateUsPerDecision) / 1e6),
      hottestTenantPerS: hottestTenant,
      rowsPerStatement: (rate * config.seconds) / Math.max(1, statements),
      utilisation: util,
      backlogAtEnd,
      saturated,
    });
  }
  const first = outcomes.find((o) => o.saturated.length > 0);
  const firstBottleneck =
    first === undefined
      ? null
      : (() => {
          const component = first.saturated.reduce((a, b) => (first.utilisation[b] > first.utilisation[a] ? b : a));
          return { rate: first.rate, component, utilisation: first.utilisation[component] };
        })();
  return { outcomes, firstBottleneck };
}
