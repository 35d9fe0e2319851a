/**
 * The loads docs/SCALE.md sizes (the roadmap's targets) and the simulation's set-up, in one place, plus the
 * reading of bench/results/scale-inputs.json into the model's inputs.
 */
import type { MeasuredInputs, Scenario } from "./model.ts";
import type { SimConfig } from "./simulate.ts";
import { limit } from "./limits.ts";

/** Assumed isolates that see traffic: no published figure; ~300 PoPs with one busy isolate each. */
export const ISOLATES = 300;

const base = { tenants: 1000, apiKeysPerTenant: 5, isolates: ISOLATES, auditQueues: 1 } as const;

/**
 * The roadmap's targets: 10k decisions/s sustained and 50k peak with 100k concurrent agents; 100M agents at
 * internet scale (at the 50k/s peak rate), each with evaluate in the object (before the split) and prepared at
 * the PoP (the split, as the code does it now).
 *
 * @example
 * SCENARIOS.map((s) => s.name);
 */
export const SCENARIOS: readonly Scenario[] = (["object", "pop"] as const).flatMap((evaluateAt) => [
  { ...base, name: "10k/s, 100k agents", decisionsPerS: 10_000, agents: 100_000, concurrentAgents: 100_000, evaluateAt },
  { ...base, name: "50k/s, 100k agents", decisionsPerS: 50_000, agents: 100_000, concurrentAgents: 100_000, evaluateAt },
  { ...base, name: "50k/s, 100M agents", decisionsPerS: 50_000, agents: 100_000_000, concurrentAgents: 100_000, tenants: 10_000, evaluateAt },
]);

/** The simulated audit database: Neon's autoscaling maximum (the largest single compute without sharding), 1 CU ≈ 1 core of this machine. */
export const SIM_POSTGRES_CU = limit("neon_autoscale_max_cu");

/** The simulated global rates (decisions/s). */
export const SIM_RATES = [1_000, 2_500, 5_000, 7_500, 10_000, 20_000, 50_000] as const;

/**
 * The simulation's fixed set-up (capacities come from the inputs).
 *
 * @example
 * simulate({ ...SIM_SETUP, rates: SIM_RATES, capacities });
 */
export const SIM_SETUP: Omit<SimConfig, "rates" | "capacities"> = {
  seed: 16,
  agents: 100_000,
  tenants: 1000,
  agentSkew: 1.0,
  tenantSkew: 1.0,
  seconds: 10,
};

/**
 * The model's inputs from the JSON bench:scale wrote.
 *
 * @example
 * const inputs = inputsFrom(JSON.parse(readFileSync("bench/results/scale-inputs.json", "utf8")));
 */
export function inputsFrom(json: Record<string, unknown>): MeasuredInputs {
  const get = (path: string): unknown => path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | null | undefined)?.[k], json);
  const num = (path: string): number => {
    const v = get(path);
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`scale-inputs.json has no number at ${path}: run npm run bench:scale`);
    return v;
  };
  const split = get("agent_state.split.us_per_decision");
  const prepare = get("agent_state.split.prepare_us_per_decision");
  return {
    evaluateUs: num("evaluate.us_per_decision"),
    objectUsToday: num("agent_state.us_per_decision"),
    objectUsSplit: typeof split === "number" ? split : null,
    prepareUs: typeof prepare === "number" ? prepare : null,
    auditAppendsPerS: num("audit_log.appends_per_s_batch_100"),
    auditRowsWrittenPerAppend: num("audit_log.sqlite_rows_written_per_append"),
    pgRowsPerSByBatch: { 1: num("postgres.by_batch.1.rows_per_s"), 10: num("postgres.by_batch.10.rows_per_s"), 100: num("postgres.by_batch.100.rows_per_s") },
    cores: num("cpu.cores"),
    agentSqliteBytes: num("agent_state.sqlite_bytes_one_agent"),
  };
}
