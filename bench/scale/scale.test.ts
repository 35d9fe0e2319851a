/**
 * The sizing's parts: the cache-refresh read rate, the model's operation counts and costs against the
 * published limits, the seeded simulation, and docs/SCALE.md being exactly what the committed inputs render.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LIMITS, limit } from "./limits.ts";
import { objectUs, pgRowsPerSAt, refreshReadsPerS, size, tenantsPerBatch, type MeasuredInputs, type Scenario } from "./model.ts";
import { renderScaleDoc } from "./render.ts";
import { inputsFrom } from "./scenarios.ts";
import { pick, rng, simulate, zipfCdf, type Capacities } from "./simulate.ts";
import { SCALE_DOC, SCALE_INPUTS } from "./write-doc.ts";

const inputs: MeasuredInputs = {
  evaluateUs: 100,
  objectUsToday: 120,
  objectUsSplit: null,
  prepareUs: null,
  auditAppendsPerS: 50_000,
  auditRowsWrittenPerAppend: 2,
  pgRowsPerSByBatch: { 1: 2000, 10: 8000, 100: 20_000 },
  cores: 2,
  agentSqliteBytes: 16_384,
};
const scenario: Scenario = { name: "t", decisionsPerS: 10_000, agents: 100_000, concurrentAgents: 100_000, tenants: 1000, apiKeysPerTenant: 5, isolates: 300, evaluateAt: "object", auditQueues: 1 };

describe("refreshReadsPerS", () => {
  it("reads about once per request when requests are rare, and once per TTL per pair when they are frequent", () => {
    expect(refreshReadsPerS(10, 1000, 1)).toBeCloseTo(10 / (1 + 0.01), 6); // λ = 0.01/s per pair
    expect(refreshReadsPerS(1e9, 1000, 5)).toBeCloseTo(1000 / 5, 0);
    expect(refreshReadsPerS(0, 10, 1)).toBe(0);
    expect(refreshReadsPerS(10, 0, 1)).toBe(0);
  });
});

describe("tenantsPerBatch", () => {
  it("is 1 for one tenant and close to the batch size when tenants are many", () => {
    expect(tenantsPerBatch(1)).toBe(1);
    expect(tenantsPerBatch(1_000_000)).toBeGreaterThan(99.9);
    expect(tenantsPerBatch(1000)).toBeCloseTo(1000 * (1 - 0.999 ** 100), 6);
  });
});

describe("size", () => {
  it("counts one AgentState RPC and one queue message per decision, and the queues one queue cannot carry", () => {
    const s = size(inputs, scenario);
    expect(s.queueMessagesPerS).toBe(10_000);
    expect(s.queuesNeeded).toBe(Math.ceil(10_000 / limit("queue_msgs_per_s")));
    expect(size(inputs, { ...scenario, decisionsPerS: 50_000 }).queuesNeeded).toBe(10);
    expect(s.doRequestsPerS).toBeGreaterThan(10_000);
    expect(s.dbRowsPerS).toBe(10_000);
    expect(s.rowsPerStatement).toBeCloseTo(100 / tenantsPerBatch(1000), 9); // ~1.05: 1,000 tenants spread a batch thin
    expect(s.postgresCu).toBeCloseTo(10_000 / (pgRowsPerSAt(inputs.pgRowsPerSByBatch, s.rowsPerStatement) / 2), 6);
    expect(size(inputs, { ...scenario, tenants: 1 }).postgresCu).toBeCloseTo(10_000 / (20_000 / 2), 6); // one tenant: 100 rows per insert
    expect(s.perAgentMaxDecisionsPerS).toBeCloseTo(Math.min(1e6 / 120, 1000), 6);
    expect(s.agentStorageGb).toBeCloseTo((100_000 * 16_384) / 1e9, 6);
  });

  it("prices a million decisions from the published rates, and the lines add up", () => {
    const c = size(inputs, scenario).costPerMillion;
    expect(c.queue_operations).toBeCloseTo(3 * limit("queue_ops_usd_per_m"), 9);
    expect(c.do_rows_written).toBeCloseTo((1 + 2 + 1) * limit("do_rows_written_usd_per_m"), 9);
    expect(c.workers_cpu).toBe(0); // evaluate runs in the object: the Worker's own CPU is not counted
    const { total, ...lines } = c;
    expect(total).toBeCloseTo(Object.values(lines).reduce((a, b) => a + b, 0), 9);
  });

  it("moves evaluate's CPU from object duration to Worker CPU when evaluate runs at the PoP", () => {
    const today = size(inputs, scenario);
    const split = size(inputs, { ...scenario, evaluateAt: "pop" });
    expect(objectUs(inputs, "pop")).toBe(20); // estimated: today's minus evaluate, until part 0 measures it
    expect(objectUs({ ...inputs, objectUsSplit: 7 }, "pop")).toBe(7);
    expect(split.costPerMillion.do_duration).toBeLessThan(today.costPerMillion.do_duration);
    expect(split.costPerMillion.workers_cpu).toBeCloseTo(0.1 * limit("workers_cpu_usd_per_m_ms"), 9); // evaluate's 100 µs when prepare is not measured
    expect(split.workerCpuCoresBusy).toBeCloseTo(1, 9);
    expect(size({ ...inputs, prepareUs: 90 }, { ...scenario, evaluateAt: "pop" }).workerCpuCoresBusy).toBeCloseTo(0.9, 9);
    expect(split.perAgentMaxDecisionsPerS).toBe(limit("do_soft_rps_per_object"));
  });
});

describe("pgRowsPerSAt", () => {
  it("returns the measured points, interpolates log-log between them and holds flat outside", () => {
    const m = { 1: 2000, 10: 8000, 100: 20_000 };
    expect(pgRowsPerSAt(m, 10)).toBeCloseTo(8000, 6);
    expect(pgRowsPerSAt(m, 0.5)).toBe(2000);
    expect(pgRowsPerSAt(m, 500)).toBe(20_000);
    expect(pgRowsPerSAt(m, Math.sqrt(10))).toBeCloseTo(Math.sqrt(2000 * 8000), 6);
    expect(() => pgRowsPerSAt({}, 1)).toThrow(/no PostgreSQL/);
  });
});

describe("limits", () => {
  it("cite a URL and a date for every figure, and refuse a figure that was not found", () => {
    for (const p of Object.values(LIMITS)) {
      expect(p.url).toMatch(/^https:\/\//);
      expect(p.read_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.value === null).toBe(p.source === "not found");
    }
    expect(() => limit("kv_reads_per_s_per_key")).toThrow(/not found in the stored docs/);
  });
});

describe("simulate", () => {
  const capacities: Capacities = { agentStateUsPerDecision: 100, auditLogAppendsPerObject: 50_000, doRpcPerObject: 1000, queue: 5000, postgresRowsPerS: () => 20_000 };
  const config = { seed: 3, agents: 2000, tenants: 20, agentSkew: 1, tenantSkew: 1, seconds: 4, rates: [1000, 4000, 8000], capacities };

  it("draws ranks from a normalised Zipf CDF, deterministically per seed", () => {
    const cdf = zipfCdf(3, 1);
    expect(cdf[2]).toBe(1);
    expect(cdf[0]).toBeCloseTo(1 / (1 + 1 / 2 + 1 / 3), 9);
    expect(pick(cdf, 0)).toBe(0);
    expect(pick(cdf, 0.6)).toBe(1);
    expect(pick(cdf, 0.999)).toBe(2);
    const a = rng(9);
    const b = rng(9);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    expect(simulate(config)).toEqual(simulate(config));
  });

  it("finds the queue first when it is the smallest capacity, with a backlog that grows past it", () => {
    const { outcomes, firstBottleneck } = simulate(config);
    expect(outcomes.map((o) => o.rate)).toEqual([1000, 4000, 8000]);
    expect(outcomes[0]?.saturated).toEqual([]);
    expect(firstBottleneck).toEqual({ rate: 8000, component: "queue", utilisation: 8000 / 5000 });
    expect(outcomes[2]?.backlogAtEnd.queue).toBe(4 * 3000);
  });

  it("finds one hot AgentState object first when one agent outruns its object", () => {
    const { firstBottleneck, outcomes } = simulate({ ...config, agentSkew: 2, capacities: { ...capacities, agentStateUsPerDecision: 2000 } });
    expect(firstBottleneck?.component).toBe("agent_state");
    expect(firstBottleneck?.rate).toBe(1000); // rank 1 takes ~61% of decisions at skew 2: > 500/s at 1,000/s
    expect(outcomes[0]?.hottestAgentPerS).toBeGreaterThan(500);
    expect(outcomes[0]?.hottestAgentCpuBusy).toBe(1); // 2 ms a decision, more than 500 a second: always busy
  });

  it("sizes Postgres by the rows each insert carries: many tenants per batch make small inserts", () => {
    const perRow = (rows: number) => (rows >= 50 ? 20_000 : 2000);
    const few = simulate({ ...config, tenants: 1, rates: [4000], capacities: { ...capacities, postgresRowsPerS: perRow } });
    const many = simulate({ ...config, tenants: 2000, agents: 20_000, agentSkew: 0, tenantSkew: 0, rates: [4000], capacities: { ...capacities, postgresRowsPerS: perRow } });
    expect(few.outcomes[0]?.rowsPerStatement).toBe(100);
    expect(few.outcomes[0]?.saturated).toEqual([]);
    expect(many.outcomes[0]?.rowsPerStatement).toBeLessThan(2);
    expect(many.firstBottleneck?.component).toBe("postgres");
  });
});

describe("docs/SCALE.md", () => {
  it("is what the committed bench/results/scale-inputs.json renders (run npm run scale:doc after bench:scale)", () => {
    const json = JSON.parse(readFileSync(SCALE_INPUTS, "utf8")) as Record<string, unknown>;
    expect(inputsFrom(json).pgRowsPerSByBatch[100]).toBeGreaterThan(0);
    expect(readFileSync(SCALE_DOC, "utf8")).toBe(renderScaleDoc(json));
  });
});
