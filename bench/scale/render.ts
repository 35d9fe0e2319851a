/**
 * docs/SCALE.md as text, from the measured inputs (bench/results/scale-inputs.json), the published limits
 * (limits.ts), the model (model.ts) and the simulation (simulate.ts). Deterministic: the same JSON gives the
 * same document, so a test can check the committed file is current.
 */
import { LIMITS, limit, type Published } from "./limits.ts";
import { objectUs, pgRowsPerSAt, size, type MeasuredInputs, type Sizing } from "./model.ts";
import { inputsFrom, ISOLATES, SCENARIOS, SIM_POSTGRES_CU, SIM_RATES, SIM_SETUP } from "./scenarios.ts";
import { simulate, type Component, type SimResult } from "./simulate.ts";

type Json = Record<string, unknown>;

const table = (head: string[], rows: unknown[][]) => [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map((c) => String(c)).join(" | ")} |`)].join("\n");
const n = (v: number, digits = 0) => v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const usd = (v: number) => (v >= 100 ? `$${n(v, 0)}` : v >= 1 ? `$${v.toFixed(2)}` : `$${v.toFixed(4)}`);

const COMPONENT_NAMES: Record<Component, string> = {
  agent_state: "one hot AgentState object",
  audit_log: "one hot tenant's AuditLog object",
  queue: "the audit queue",
  postgres: "PostgreSQL inserts",
};

const REMEDY: Record<Component, string> = {
  agent_state:
    "The 1,000 requests/s soft limit per object binds before the object's CPU for this mix, so what moves this wall is fewer requests per decision: batch a busy agent's requests into one `decideAll` call (one RPC, one critical section for many decisions), and — for an agent that must exceed one object — shard its counters (for example per session) with the sticky TERMINATE kept in one place. Taking the evaluation out of the object (issue 16 part 0, now in the code) cuts the object's busy share (the \"its CPU busy\" column) and so its duration bill and queueing delay, and it is what keeps the CPU from becoming the wall for large inputs (about 1 ms or more per decision).",
  audit_log:
    "Shard the AuditLog per tenant into several logs (for example per agent-id hash) each with its own Merkle tree and signed tree head, or let the consumer coalesce more events per RPC (bigger batches per tenant).",
  queue:
    "Spread the audit events over several queues (for example by tenant hash; 10,000 queues per account are allowed, each carrying 5,000 messages/s) or pack several events into one message (`sendBatch` chunks already group by request; one message per request batch instead of per decision).",
  postgres:
    "Insert a whole queue batch per database in one statement instead of one statement per tenant: today the consumer groups a batch by tenant, so with many tenants an insert carries 1–2 rows and the database runs at its single-row rate (section 1: batches of 100 do several times more rows/s). Then a larger compute (Neon autoscales to 16 CU) or partitioning tenants over several databases (the residency seam already routes tenants to a database).",
};

function loadOf(cpu: Json): string {
  const l = cpu.load_average_1m as Json | undefined;
  return l === undefined ? "not recorded" : `${l.start} at the start, ${l.end} at the end, on ${cpu.cores} cores`;
}

function inputsSection(json: Json, inputs: MeasuredInputs): string {
  const ev = json.evaluate as Json;
  const as = json.agent_state as Json;
  const al = json.audit_log as Json;
  const pg = json.postgres as Json;
  const cpu = json.cpu as Json;
  const machine = json.machine as Json;
  const split = as.split as Json;
  const part0 = as.part0 as Json | null | undefined;
  const rows: unknown[][] = [
    ["`evaluate` per core", `${n(ev.decisions_per_s_per_core as number)} decisions/s (${ev.us_per_decision} µs each; ${ev.ratio_to_baseline}× the same run's baseline, a JSON round trip of the request: ${ev.baseline_us_per_request} µs)`, (ev.runs as number[]).map((x) => n(x)).join(", "), String(ev.corpus)],
    ["AgentState per object, evaluate inside (before the split)", `${n(as.decisions_per_s_per_object as number)} decisions/s (${as.us_per_decision} µs each; ${as.state_overhead_us} µs beyond evaluate)`, (as.runs as number[]).map((x) => n(x)).join(", "), String(as.what)],
    [
      "AgentState per object, the split (the code now)",
      `${n(split.decisions_per_s_per_object as number)} decisions/s (${split.us_per_decision} µs each: ${split.ratio_before_to_after}× fewer µs than before); prepareEvaluation at the PoP ${split.prepare_us_per_decision} µs; a structuredClone of the prepared evaluation ${split.clone_us} µs`,
      (split.runs as number[]).map((x) => n(x)).join(", "),
      String(split.what),
    ],
    ...(part0 === null || part0 === undefined
      ? [["bench/results/agent-state.json (issue 16 part 0)", "not present when this was measured", "—", "the split's own bench; figures above are this bench's"]]
      : [["bench/results/agent-state.json (issue 16 part 0)", `${part0.do_us_per_decision_before} µs before, ${part0.do_us_per_decision_after} µs after, inside the object`, "—", String(part0.source)]]),
    ["AuditLog appends/s, 100 per transaction", n(al.appends_per_s_batch_100 as number), (al.runs_batch_100 as number[]).map((x) => n(x)).join(", "), String(al.what)],
    ["AuditLog appends/s, 1 per transaction", n(al.appends_per_s_single as number), (al.runs_single as number[]).map((x) => n(x)).join(", "), "one event per transaction (a direct append)"],
    ["AuditLog SQLite rows written per event", String(al.sqlite_rows_written_per_append), "—", "Merkle node rows per appended leaf (billed as rows written)"],
    ["One agent's SQLite database", `${n(as.sqlite_bytes_one_agent as number)} bytes`, "—", "schema + one agent row, node:sqlite page size"],
  ];
  const lines = [
    "## 1. Inputs measured here",
    "",
    `Measured by \`npm run bench:scale\` (bench/scale-inputs.bench.ts) on ${cpu.cores} × ${cpu.model}, Node ${machine.node}, at ${json.measured_at}; each figure is the median of ${json.repeats} runs after a warm-up (the runs are listed). The machine is shared (1-minute load average ${loadOf(cpu)}), so absolute figures are pessimistic; the baseline measured in the same run says how busy it was. Node's \`node:sqlite\` stands in for a Durable Object's SQLite: the object's own SQL, not workerd's overhead or the platform's replication.`,
    "",
    table(["input", "median", "runs", "what"], rows),
    "",
  ];
  if (pg.measured === true) {
    const byBatch = pg.by_batch as Record<string, { rows_per_s: number; runs: number[]; rows_per_run: number }>;
    lines.push(
      `PostgreSQL ${pg.server_version} on this machine, through ${pg.path}:`,
      "",
      table(["rows per insert", "rows/s (median)", "runs", "rows per run"], Object.entries(byBatch).map(([b, v]) => [b, n(v.rows_per_s), v.runs.map((x) => n(x)).join(", "), n(v.rows_per_run)])),
      "",
      `Batching is what makes the database keep up: ${n(byBatch["100"]?.rows_per_s ?? 0)} rows/s in batches of 100 against ${n(byBatch["1"]?.rows_per_s ?? 0)} rows/s one by one (${n((byBatch["100"]?.rows_per_s ?? 0) / (byBatch["1"]?.rows_per_s ?? 1), 1)}×), on the same machine in the same run. But the consumer inserts each tenant's share of a queue batch in its own statement, so with many tenants a statement carries few rows (section 3: ~1 row at 1,000 equally busy tenants) and the single-row figure is the one that binds.`,
      "",
    );
  } else lines.push(`PostgreSQL: not measured in this run (${pg.reason}).`, "");
  lines.push(`Workers KV: not measured (${(json.kv as Json).reason}).`, "");
  return lines.join("\n");
}

function limitsSection(): string {
  const rows = (Object.entries(LIMITS) as [string, Published][]).map(([name, p]) => [
    `\`${name}\``,
    p.value === null ? "**not found in the stored docs**" : n(p.value, 3),
    p.unit,
    `<${p.url}>`,
    p.read_on,
    p.source === "vendor" ? "vendor page" : p.source === "transcription" ? `transcription: ${p.note}` : (p.note ?? ""),
  ]);
  const vendorNotes = (Object.entries(LIMITS) as [string, Published][]).filter(([, p]) => p.source === "vendor" && p.note !== undefined).map(([name, p]) => `- \`${name}\`: ${p.note}`);
  return [
    "## 2. Published limits and prices",
    "",
    "From the stored documentation index, read on the date shown (bench/scale/limits.ts holds them; the model refuses to use a figure that was not found). \"transcription\" marks a figure read from a dated third-party copy of the vendor page named, because the stored vendor copy did not contain it: check those before relying on a bill.",
    "",
    table(["name", "value", "unit", "source", "read on", "provenance"], rows),
    "",
    ...vendorNotes,
    "",
  ].join("\n");
}

function modelSection(inputs: MeasuredInputs, sizings: Sizing[]): string {
  const col = (s: Sizing) => `${s.scenario.name} · ${s.scenario.evaluateAt === "object" ? "before the split" : "split"}`;
  const metric = (label: string, f: (s: Sizing) => string): unknown[] => [label, ...sizings.map(f)];
  const c = (k: keyof Sizing["costPerMillion"]) => (s: Sizing) => usd(s.costPerMillion[k]);
  return [
    "## 3. The model",
    "",
    "bench/scale/model.ts turns the inputs and limits into what a sustained rate needs. Operation counts follow the code of `POST /v2/evaluate`: one AgentState RPC and one audit-queue message per decision; the queue consumer appends each tenant's share of a 100-message batch to the tenant's AuditLog, inserts it into Postgres in one statement, then acknowledges it to the AuditLog (two RPCs per tenant per batch); the policy seq pointer and the canary are read from KV at most once a second per isolate and tenant (POLICY_FRESH_MS), an API key at most every 5 s per isolate (KEY_CACHE_TTL_MS), the emergency-stop state from PolicyStore once a second per isolate and tenant (STOP_FRESH_MS) — a cache read happens on the first request after expiry, so each (isolate, key) pair reads λ/(1 + λ·TTL) times a second.",
    "",
    `Assumptions (no published figure): ${ISOLATES} isolates see traffic; 1,000 tenants (10,000 at 100M agents) with 5 API keys each, equally busy in the model; 1 Neon CU does what one core of this machine does; Durable Object duration is billed for the critical section only (a lower bound: waits for I/O and idle time before hibernation add to it); the Worker's own CPU besides evaluate is not counted (a lower bound).`,
    "",
    table(["", ...sizings.map(col)], [
      metric("AgentState objects (stored)", (s) => n(s.agentStateObjects)),
      metric("AgentState objects active", (s) => n(s.activeAgentStateObjects)),
      metric("most decisions/s one agent can get", (s) => n(s.perAgentMaxDecisionsPerS)),
      metric("… its object's CPU alone would allow", (s) => n(1e6 / objectUs(inputs, s.scenario.evaluateAt))),
      metric("AuditLog objects (one per tenant)", (s) => n(s.auditLogObjects)),
      metric("Durable Object requests/s", (s) => n(s.doRequestsPerS)),
      metric("KV reads/s", (s) => n(s.kvReadsPerS)),
      metric("queue messages/s", (s) => n(s.queueMessagesPerS)),
      metric("audit queues needed (today: 1)", (s) => `**${s.queuesNeeded}**`),
      metric("Postgres rows/s", (s) => n(s.dbRowsPerS)),
      metric("Postgres insert statements/s", (s) => n(s.dbStatementsPerS)),
      metric("rows per insert statement", (s) => n(s.rowsPerStatement, 2)),
      metric("Postgres compute (CU, ≈ cores)", (s) => n(s.postgresCu, 1)),
      metric(`audit databases at ${SIM_POSTGRES_CU} CU each`, (s) => n(Math.ceil(s.postgresCu / SIM_POSTGRES_CU))),
      metric("Worker CPU cores busy with evaluate / prepare", (s) => n(s.workerCpuCoresBusy, 1)),
      metric("cost per 1M decisions: Workers requests", c("workers_requests")),
      metric("… Workers CPU", c("workers_cpu")),
      metric("… Durable Object requests", c("do_requests")),
      metric("… Durable Object duration (lower bound)", c("do_duration")),
      metric("… Durable Object SQLite rows written", c("do_rows_written")),
      metric("… KV reads", c("kv_reads")),
      metric("… Queue operations", c("queue_operations")),
      metric("… Postgres compute (Neon Scale)", c("postgres_compute")),
      metric("**cost per 1M decisions**", (s) => `**${usd(s.costPerMillion.total)}**`),
      metric("per 30-day month at that rate", (s) => usd(s.usdPerMonth)),
      metric("DO duration if active objects never hibernate (upper bound, not in the total), per 1M", (s) => usd(s.doDurationUpperBoundPerMillion)),
      metric("agent state stored (GB) and its $/month", (s) => `${n(s.agentStorageGb, 1)} GB, ${usd(s.agentStorageUsdPerMonth)}`),
    ]),
    "",
    "Columns: \"before the split\" runs the whole evaluation inside AgentState; \"split\" prepares it at the PoP and finishes it in the object (issue 16 part 0, what the code does now). Included monthly allowances (10 M requests, 1 M DO requests, …) are left out: at these rates they are a rounding error. 100M agents are 100M AgentState objects: the Durable Objects limits page puts no limit on the number of objects; what grows is stored state (one agent's SQLite database measured above) and nothing per decision.",
    "",
  ].join("\n");
}

function simTable(result: SimResult): string {
  const pct = (u: number) => `${n(u * 100, 0)}%`;
  return table(
    ["decisions/s", "hottest agent /s", "AgentState (hottest)", "its CPU busy", "hottest tenant /s", "AuditLog (hottest)", "audit queue", "rows per insert", "Postgres", "saturated"],
    result.outcomes.map((o) => [
      n(o.rate),
      n(o.hottestAgentPerS),
      pct(o.utilisation.agent_state),
      pct(o.hottestAgentCpuBusy),
      n(o.hottestTenantPerS),
      pct(o.utilisation.audit_log),
      pct(o.utilisation.queue),
      n(o.rowsPerStatement, 1),
      pct(o.utilisation.postgres),
      o.saturated.length === 0 ? "—" : o.saturated.map((k) => `**${k}**`).join(", "),
    ]),
  );
}

function firstLine(result: SimResult): string {
  const f = result.firstBottleneck;
  return f === null ? "Nothing saturates up to the highest simulated rate." : `First bottleneck: **${COMPONENT_NAMES[f.component]}** at **${n(f.rate)} decisions/s** (peak utilisation ${n(f.utilisation * 100)}%).`;
}

function simSection(inputs: MeasuredInputs, today: SimResult, split: SimResult, smallDb: SimResult): string {
  return [
    "## 4. Simulation",
    "",
    `bench/scale/simulate.ts: discrete time, 1 s ticks, ${SIM_SETUP.seconds} s per rate, seed ${SIM_SETUP.seed}. ${n(SIM_SETUP.agents)} agents whose activity is Zipf-distributed (exponent ${SIM_SETUP.agentSkew}: the busiest agent makes ~${n((1 / harmonic(SIM_SETUP.agents, SIM_SETUP.agentSkew)) * 100, 1)}% of all decisions, the top 1% of agents ~${n((harmonic(SIM_SETUP.agents / 100, SIM_SETUP.agentSkew) / harmonic(SIM_SETUP.agents, SIM_SETUP.agentSkew)) * 100)}%), spread over ${n(SIM_SETUP.tenants)} tenants drawn the same way. Capacities: an AgentState object ${n(Math.min(1e6 / inputs.objectUsToday, limit("do_soft_rps_per_object")))} decisions/s before the split (its CPU alone: ${n(1e6 / inputs.objectUsToday)}/s) and ${n(Math.min(1e6 / objectUs(inputs, "pop"), limit("do_soft_rps_per_object")))}/s with the split (its CPU alone: ${n(1e6 / objectUs(inputs, "pop"))}/s) — the 1,000 req/s soft limit binds before the measured CPU for this mix, so the split shows in the object's CPU share (what duration billing and latency under load see), not in the wall; an AuditLog ${n(inputs.auditAppendsPerS)} appends/s and 1,000 RPCs/s; one audit queue ${n(limit("queue_msgs_per_s"))} messages/s; PostgreSQL as a ${SIM_POSTGRES_CU}-CU Neon compute (the autoscaling maximum), i.e. this machine's measured rows/s per core × ${SIM_POSTGRES_CU} at the rows per statement of each tick (${n((pgRowsPerSAt(inputs.pgRowsPerSByBatch, 1) / inputs.cores) * SIM_POSTGRES_CU)} rows/s at 1 row per insert, ${n((pgRowsPerSAt(inputs.pgRowsPerSByBatch, 100) / inputs.cores) * SIM_POSTGRES_CU)} at 100). Utilisation is the peak over the ticks of arrivals ÷ capacity; ≥ 100% means a backlog grows.`,
    "",
    "**Evaluate inside AgentState (before the split):**",
    "",
    simTable(today),
    "",
    firstLine(today),
    "",
    "**Evaluate prepared at the PoP (the split, the code now):**",
    "",
    simTable(split),
    "",
    firstLine(split),
    "",
    `With a PostgreSQL the size of this machine (${inputs.cores} cores) instead of ${SIM_POSTGRES_CU} CU, the same replay says: ${firstLine(smallDb)}`,
    "",
  ].join("\n");
}

function harmonic(count: number, s: number): number {
  let sum = 0;
  for (let k = 1; k <= count; k++) sum += 1 / k ** s;
  return sum;
}

const COST_NAMES: Record<string, string> = {
  workers_requests: "Workers requests",
  workers_cpu: "Workers CPU",
  do_requests: "Durable Object requests",
  do_duration: "Durable Object duration",
  do_rows_written: "Durable Object SQLite rows written (agent row, Merkle nodes, event row)",
  kv_reads: "KV reads (policy pointer and canary re-read each second per isolate and tenant, keys every 5 s)",
  queue_operations: "Queue operations (3 per message)",
  postgres_compute: "Postgres compute",
};

function costParagraph(s: Sizing): string {
  const { total, ...lines } = s.costPerMillion;
  const top = Object.entries(lines).sort((a, b) => b[1] - a[1]).slice(0, 3);
  return `Cost: at ${s.scenario.name} a million decisions cost ${usd(total)} (lower bound); the biggest lines are ${top.map(([k, v]) => `${COST_NAMES[k] ?? k} ${usd(v)} (${n((v / total) * 100)}%)`).join(", ")}. KV reads are ${n(s.kvReadsPerS / s.scenario.decisionsPerS, 2)} per decision because ${n(s.scenario.isolates)} isolates × ${n(s.scenario.tenants)} tenants each see less than one request a second, so nearly every request finds its 1 s policy entry expired — a longer freshness window or a pushed invalidation (the PolicyStore already knows every publish) would cut it; rows written shrink if the AuditLog stores the event and its Merkle nodes in fewer rows.`;
}

function bottleneckSection(today: SimResult, split: SimResult, sizings: Sizing[]): string {
  const seen = new Set<Component>();
  const order: Component[] = [];
  for (const r of [today, split]) for (const o of r.outcomes) for (const k of o.saturated) if (!seen.has(k)) (seen.add(k), order.push(k));
  return [
    "## 5. The first bottleneck and what removes it",
    "",
    today.firstBottleneck === null ? "No component saturates in the simulated range." : `Before the split the first wall is ${COMPONENT_NAMES[today.firstBottleneck.component]} at ${n(today.firstBottleneck.rate)} decisions/s; with the split (the code now) it is ${split.firstBottleneck === null ? "beyond the simulated range" : `${COMPONENT_NAMES[split.firstBottleneck.component]} at ${n(split.firstBottleneck.rate)} decisions/s`}. In the order they saturate:`,
    "",
    ...order.map((k) => `- **${COMPONENT_NAMES[k]}**: ${REMEDY[k]}`),
    "",
    "The queue's limit is a fixed published number, so it binds at 5,000 decisions/s whatever the skew; the hot-object walls move with the skew (a single agent above ~1,000 decisions/s is beyond one object whatever its CPU).",
    "",
    ...(sizings[0] === undefined ? [] : [costParagraph(sizings[0]), ""]),
  ].join("\n");
}

const NOT_MEASURED = [
  "## 6. What is not measured",
  "",
  "- **No Cloudflare account**: nothing here ran on the edge. workerd locally (the vitest plugin, `wrangler dev`) is not a PoP: no network between Worker and object, no replication of a Durable Object's writes, no cross-colo latency. Per-object figures are CPU on this machine's cores, not the platform's.",
  "- **Workers KV**: no read latency or per-key read rate measured (a local KV is a file); the per-key read rate is not published either. KV enters the model by its read counts and price only.",
  "- **Queues**: the 5,000 messages/s per queue is the published limit, not a measurement; consumer batch latency (and so the 250-concurrent-consumer ceiling) is not measured.",
  "- **Neon**: no Neon compute was measured; its CPU per CU and insert throughput are not published in the stored docs, so this machine's PostgreSQL (local, through the same driver and ws proxy) stands in, scaled 1 CU ≈ 1 core.",
  "- **Durable Object duration** is counted for the critical section only; real billing also counts awaited I/O and idle time before hibernation. **Worker CPU** besides evaluate (routing, auth, JSON) is not counted.",
  "- **The isolate count** (300) and the tenant/key mix are assumptions; KV reads scale with isolates × tenants, not with decisions, once each pair sees more than one request a second.",
  "",
].join("\n");

/**
 * The whole of docs/SCALE.md for the given scale-inputs.json content.
 *
 * @example
 * writeFileSync("docs/SCALE.md", renderScaleDoc(JSON.parse(readFileSync("bench/results/scale-inputs.json", "utf8"))));
 */
export function renderScaleDoc(json: Json): string {
  const inputs = inputsFrom(json);
  const sizings = SCENARIOS.map((s) => size(inputs, s));
  const capacities = (at: "object" | "pop", postgresCores: number) => ({
    agentStateUsPerDecision: objectUs(inputs, at),
    auditLogAppendsPerObject: inputs.auditAppendsPerS,
    doRpcPerObject: limit("do_soft_rps_per_object"),
    queue: limit("queue_msgs_per_s"),
    postgresRowsPerS: (rowsPerStatement: number) => (pgRowsPerSAt(inputs.pgRowsPerSByBatch, rowsPerStatement) / inputs.cores) * postgresCores,
  });
  const today = simulate({ ...SIM_SETUP, rates: SIM_RATES, capacities: capacities("object", SIM_POSTGRES_CU) });
  const split = simulate({ ...SIM_SETUP, rates: SIM_RATES, capacities: capacities("pop", SIM_POSTGRES_CU) });
  const smallDb = simulate({ ...SIM_SETUP, rates: SIM_RATES, capacities: capacities("pop", inputs.cores) });
  return [
    "# Internet-scale sizing",
    "",
    "<!-- GENERATED by `npm run scale:doc` (bench/scale/write-doc.ts) from bench/results/scale-inputs.json and bench/scale/limits.ts. Do not edit by hand; `npm run bench:scale` re-measures and regenerates it. -->",
    "",
    "What the roadmap's targets — 10k decisions/s sustained, 50k peak, 100k concurrent agents, 100M agents — need from the Worker, the Durable Objects, Workers KV, Queues and Neon, and where the first wall is. Per-component costs are measured on this machine; platform limits and prices are the published ones, cited; the two are combined by a small model and replayed by a seeded simulation with a heavy-tailed agent activity.",
    "",
    inputsSection(json, inputs),
    limitsSection(),
    modelSection(inputs, sizings),
    simSection(inputs, today, split, smallDb),
    bottleneckSection(today, split, sizings),
    NOT_MEASURED,
  ].join("\n");
}
