/**
 * `npm run bench:scale` → bench/results/scale-inputs.json, then docs/SCALE.md. The per-component inputs of the
 * internet-scale sizing (bench/scale/), measured on this machine, each the median of REPEATS runs:
 *
 * - evaluate per core: decisions/s of `evaluate` (@nethical/core, law pack + 100 tenant rules) over a mixed
 *   corpus (benign and harmful actions of 100 B–4 KB);
 * - AgentState per object: its critical section — readRow, then applyDecision (the whole evaluation inside, as
 *   before the split) or applyPrepared (the split: prepared at the PoP), then writeRow — with the object's own
 *   SQL (durable-objects/src/agent-state/state-table.ts) on node:sqlite standing in for the object's SQLite;
 *   one thread, so decisions/s of one object (workerd and the platform add their own cost);
 * - AuditLog appends/s: MerkleLog through SqlNodeStore (the AuditLog's adapter) on node:sqlite, 1 and 100
 *   events per transaction, and the SQLite rows written per event (what the platform bills);
 * - Postgres inserts/s: real local PostgreSQL through the Worker's own path (Neon driver over the ws proxy,
 *   drizzle, `insertLogEvents` as the queue consumer calls it), batches of 1, 10 and 100 rows.
 *
 * Workers KV is not measured here: a local KV (miniflare) is a SQLite file, not Cloudflare's network, so its
 * number would say nothing about the platform; the sizing uses published KV prices and the code's read counts.
 * Report only: nothing fails on a number.
 *
 *   npm run bench:scale            (REPEATS=… to change the repeats; SKIP_POSTGRES=1 to leave Postgres out)
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { applyDecision, applyPrepared, createBundle, emptyAgentState, evaluate, loadPolicy, newRow, prepareEvaluation, type AgentRow, type EvaluateRequest, type LogEvent, type PreparedEvaluation } from "@nethical/core";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { MerkleLog } from "@nethical/core/merkle/index.ts";
import { ensureSchema, readRow, writeRow } from "@nethical/durable-objects/agent-state/state-table";
import { SqlNodeStore } from "@nethical/durable-objects/audit-log/sql-node-store";
import { insertLogEvents } from "@nethical/durable-objects/audit-log/insert-log-events";
import { openAuditDb } from "@nethical/durable-objects/audit-log/postgres";
import { POSTGRES_AVAILABLE, startLocalStack } from "@nethical/dev-stack/local-stack";
import { leafPool } from "./audit-common.ts";
import { NodeSqlStorage } from "./audit-sqlite-storage.ts";
import { table, writeResult } from "./lib/results.ts";
import { median, round } from "./lib/stats.ts";
import { syntheticPolicy } from "./lib/synthetic-policy.ts";
import { writeScaleDoc } from "./scale/write-doc.ts";

const REPEATS = Number(process.env.REPEATS ?? 5);
const CONCURRENCY = 8;
const NOW = Date.UTC(2026, 0, 1);
const dir = mkdtempSync(join(tmpdir(), "nethical-scale-"));
const loadAtStart = loadavg()[0] ?? 0;

/** Run `fn` REPEATS times (after one warm-up) and return the median of what it returns. */
async function medianOf(fn: (run: number) => number | Promise<number>): Promise<{ median: number; runs: number[] }> {
  await fn(-1);
  const runs: number[] = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await fn(i));
  return { median: median(runs), runs: runs.map((r) => round(r)) };
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

const bundle = await createBundle("scale", 1, syntheticPolicy(100));
const policy = loadPolicy(bundle);
const corpus: EvaluateRequest[] = buildCorpus({ count: 2000, sizes: [100, 512, 1024, 2048, 4096], seed: 16 }).map((i) => i.request);
const meanBytes = Math.round(corpus.reduce((n, r) => n + JSON.stringify(r).length, 0) / corpus.length);

// 1 and 2, interleaved run by run so a busy machine slows all three alike: the baseline (JSON round trip of
// the same requests, as bench:core), evaluate per core, and AgentState's critical section per object.
const state = emptyAgentState();
function baselinePass(): number {
  const start = process.hrtime.bigint();
  for (const r of corpus) JSON.stringify(JSON.parse(JSON.stringify(r)));
  return corpus.length / seconds(start);
}
function evaluatePass(): number {
  const start = process.hrtime.bigint();
  for (const r of corpus) evaluate(r, policy.compiled, state, NOW);
  return corpus.length / seconds(start);
}
let stateRun = 0;
function objectPass(): number {
  const storage = new NodeSqlStorage(join(dir, `agent-${stateRun++}.sqlite`));
  const sql = storage as unknown as SqlStorage;
  ensureSchema(sql);
  const start = process.hrtime.bigint();
  for (let i = 0; i < corpus.length; i++) {
    const now = NOW + i * 1000; // one decision a second: the token bucket never runs dry
    const stored = readRow(sql);
    const row: AgentRow = stored ?? newRow("scale", "agent-1", policy.rateLimit, now);
    const step = applyDecision(row, policy, { ...(corpus[i] as EvaluateRequest), agent_id: "agent-1" }, now, `d-${i}`);
    // A TERMINATE is sticky: measuring after it would time the short path only, so keep an agent that is alive.
    writeRow(sql, step.row.terminated ? newRow("scale", "agent-1", policy.rateLimit, now) : step.row);
  }
  const rate = corpus.length / seconds(start);
  storage.db.close();
  return rate;
}
// The split (issue 16 part 0, in the code since commit 22e4b5d): the Worker prepares (detectors and every
// rule that reads no agent state) and the object finishes it in its critical section (applyPrepared).
const agentCorpus = corpus.map((r) => ({ ...r, agent_id: "agent-1" }));
function preparePass(): number {
  const start = process.hrtime.bigint();
  for (const r of agentCorpus) prepareEvaluation(r, policy.compiled);
  return corpus.length / seconds(start);
}
const prepared: PreparedEvaluation[] = agentCorpus.map((r) => prepareEvaluation(r, policy.compiled));
function clonePass(): number {
  const start = process.hrtime.bigint();
  for (const p of prepared) structuredClone(p);
  return corpus.length / seconds(start);
}
function splitPass(): number {
  const storage = new NodeSqlStorage(join(dir, `agent-${stateRun++}.sqlite`));
  const sql = storage as unknown as SqlStorage;
  ensureSchema(sql);
  const start = process.hrtime.bigint();
  for (let i = 0; i < prepared.length; i++) {
    const now = NOW + i * 1000;
    const stored = readRow(sql);
    const row: AgentRow = stored ?? newRow("scale", "agent-1", policy.rateLimit, now);
    const step = applyPrepared(row, policy, prepared[i] as PreparedEvaluation, now, `d-${i}`);
    writeRow(sql, step.row.terminated ? newRow("scale", "agent-1", policy.rateLimit, now) : step.row);
  }
  const rate = prepared.length / seconds(start);
  storage.db.close();
  return rate;
}
baselinePass();
evaluatePass();
objectPass();
preparePass();
splitPass();
clonePass();
const runs = { baseline: [] as number[], evaluate: [] as number[], object: [] as number[], prepare: [] as number[], split: [] as number[], clone: [] as number[] };
for (let i = 0; i < REPEATS; i++) {
  runs.baseline.push(baselinePass());
  runs.evaluate.push(evaluatePass());
  runs.object.push(objectPass());
  runs.prepare.push(preparePass());
  runs.split.push(splitPass());
  runs.clone.push(clonePass());
}
const preparePerS = median(runs.prepare);
const splitPerS = median(runs.split);
const clonePerS = median(runs.clone);
const evaluatePerS = { median: median(runs.evaluate), runs: runs.evaluate };
const objectPerS = { median: median(runs.object), runs: runs.object };
const baselinePerS = median(runs.baseline);
const agentFile = join(dir, "one-agent.sqlite");
{
  const storage = new NodeSqlStorage(agentFile);
  ensureSchema(storage as unknown as SqlStorage);
  writeRow(storage as unknown as SqlStorage, newRow("scale", "agent-1", policy.rateLimit, NOW));
  storage.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  storage.db.close();
}
const agentSqliteBytes = statSync(agentFile).size;

// 3. AuditLog appends (MerkleLog through the AuditLog's SqlNodeStore)
const pool = leafPool();
const LEAVES = 20_000;
let auditRun = 0;
function countingStorage(file: string): { storage: NodeSqlStorage; written: () => number } {
  const storage = new NodeSqlStorage(file);
  let rows = 0;
  const exec = storage.exec.bind(storage);
  storage.exec = (query, ...bindings) => {
    const result = exec(query, ...bindings);
    rows += result.rowsWritten;
    return result;
  };
  return { storage, written: () => rows };
}
let rowsWrittenPerAppend = 0;
const appendsBatched = await medianOf(() => {
  const { storage, written } = countingStorage(join(dir, `audit-b-${auditRun++}.sqlite`));
  const log = new MerkleLog(new SqlNodeStore(storage as unknown as SqlStorage));
  const start = process.hrtime.bigint();
  for (let i = 0; i < LEAVES; i += 100) {
    const batch = Array.from({ length: 100 }, (_, k) => pool[(i + k) % pool.length] as Uint8Array);
    storage.transactionSync(() => log.appendAll(batch));
  }
  const rate = LEAVES / seconds(start);
  rowsWrittenPerAppend = written() / LEAVES;
  return rate;
});
const appendsSingle = await medianOf(() => {
  const storage = new NodeSqlStorage(join(dir, `audit-s-${auditRun++}.sqlite`));
  const log = new MerkleLog(new SqlNodeStore(storage as unknown as SqlStorage));
  const start = process.hrtime.bigint();
  for (let i = 0; i < LEAVES / 4; i++) storage.transactionSync(() => log.append(pool[i % pool.length] as Uint8Array));
  return LEAVES / 4 / seconds(start);
});

// 4. Postgres inserts through the queue consumer's own code
let postgres: Record<string, unknown> = { measured: false, reason: POSTGRES_AVAILABLE ? "SKIP_POSTGRES set" : "PostgreSQL is not installed here" };
if (POSTGRES_AVAILABLE && process.env.SKIP_POSTGRES !== "1") {
  const stack = await startLocalStack();
  // CONCURRENCY connections at once, as concurrent consumer invocations would hold (one pool of 2 per handle).
  const handles = Array.from({ length: CONCURRENCY / 2 }, () => openAuditDb({ DATABASE_URL: stack.pg.url, NEON_WS_PROXY_PORT: String(stack.proxy.port) }));
  if (handles.some((h) => h === null)) throw new Error("no audit db handle");
  const dbs = handles.map((h) => (h as NonNullable<typeof h>).db);
  try {
    const byBatch: Record<string, { rows_per_s: number; runs: number[]; rows_per_run: number }> = {};
    let tenantSeq = 0;
    for (const [batchSize, rowsPerRun] of [[1, 2000], [10, 6000], [100, 20_000]] as const) {
      const result = await medianOf(async () => {
        const tenant = `scale-${batchSize}-${tenantSeq++}`;
        const items = Array.from({ length: rowsPerRun }, (_, i) => ({ event: sampleAuditEvent(i, { tenant }) as LogEvent, leaf_index: i }));
        const chunks: (typeof items)[] = [];
        for (let i = 0; i < items.length; i += batchSize) chunks.push(items.slice(i, i + batchSize));
        let next = 0;
        const start = process.hrtime.bigint();
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async (_, w) => {
            for (let c = next++; c < chunks.length; c = next++) {
              const chunk = chunks[c] as typeof items;
              const { inserted, refused } = await insertLogEvents(dbs[w % dbs.length] as (typeof dbs)[number], chunk);
              if (refused.length > 0 || inserted.length !== chunk.length) throw new Error("rows were refused: the bench is measuring a broken insert");
            }
          }),
        );
        return rowsPerRun / seconds(start);
      });
      byBatch[String(batchSize)] = { rows_per_s: Math.round(result.median), runs: result.runs.map(Math.round), rows_per_run: rowsPerRun };
    }
    postgres = {
      measured: true,
      path: `insertLogEvents (the audit queue consumer's insert) → drizzle → Neon serverless driver → ws proxy → local PostgreSQL, ${CONCURRENCY} inserts in flight on ${CONCURRENCY} connections`,
      concurrency: CONCURRENCY,
      server_version: (await stack.owner.query("SHOW server_version")).rows[0]?.server_version,
      by_batch: byBatch,
    };
  } finally {
    await Promise.all(handles.map((h) => h?.close()));
    await stack.stop();
  }
}

const agentStateAfter = await readPart0();
const result = {
  repeats: REPEATS,
  cpu: { model: cpus()[0]?.model ?? "unknown", cores: cpus().length, load_average_1m: { start: round(loadAtStart), end: round(loadavg()[0] ?? 0) } },
  evaluate: {
    corpus: `buildCorpus 2000 requests, 100 B–4 KB (mean ${meanBytes} B of JSON), law pack + 100 tenant rules`,
    decisions_per_s_per_core: Math.round(evaluatePerS.median),
    us_per_decision: round(1e6 / evaluatePerS.median),
    baseline_us_per_request: round(1e6 / baselinePerS, 3),
    ratio_to_baseline: round(baselinePerS / evaluatePerS.median, 1),
    baseline: "JSON.parse(JSON.stringify(request)) then JSON.stringify, same requests, interleaved in the same run",
    runs: evaluatePerS.runs.map(Math.round),
  },
  agent_state: {
    what: "critical section before the split: readRow + applyDecision (the whole evaluation inside) + writeRow, node:sqlite file, one agent",
    decisions_per_s_per_object: Math.round(objectPerS.median),
    us_per_decision: round(1e6 / objectPerS.median),
    state_overhead_us: round(1e6 / objectPerS.median - 1e6 / evaluatePerS.median),
    ratio_to_evaluate: round(evaluatePerS.median / objectPerS.median, 2),
    runs: objectPerS.runs.map(Math.round),
    sqlite_bytes_one_agent: agentSqliteBytes,
    split: {
      what: "the split as the code does it now: prepareEvaluation at the PoP (timed alone: prepare_us_per_decision), then the object's critical section readRow + applyPrepared + writeRow (us_per_decision); structuredClone of a prepared evaluation (clone_us) bounds the RPC's deserialisation in the object, which is outside the critical section",
      prepare_us_per_decision: round(1e6 / preparePerS),
      decisions_per_s_per_object: Math.round(splitPerS),
      us_per_decision: round(1e6 / splitPerS),
      ratio_before_to_after: round(splitPerS / objectPerS.median, 1),
      clone_us: round(1e6 / clonePerS),
      runs: runs.split.map(Math.round),
      prepare_runs: runs.prepare.map(Math.round),
    },
    part0: agentStateAfter,
  },
  audit_log: {
    what: "MerkleLog through SqlNodeStore (the AuditLog's adapter) on node:sqlite, ~500 B leaves, 20,000 leaves per run (the Merkle log only: the AuditLog's event table adds its own row per event)",
    appends_per_s_batch_100: Math.round(appendsBatched.median),
    appends_per_s_single: Math.round(appendsSingle.median),
    sqlite_rows_written_per_append: round(rowsWrittenPerAppend, 2),
    runs_batch_100: appendsBatched.runs.map(Math.round),
    runs_single: appendsSingle.runs.map(Math.round),
  },
  postgres,
  kv: { measured: false, reason: "a local KV (miniflare) is a SQLite file on this machine, not Cloudflare's network: its read time would say nothing about the edge" },
};
rmSync(dir, { recursive: true, force: true });

console.log(`bench:scale — per-component inputs, median of ${REPEATS} runs, ${result.cpu.cores} × ${result.cpu.model}\n`);
const pgRows = postgres.measured ? Object.entries(postgres.by_batch as Record<string, { rows_per_s: number }>).map(([b, v]) => [`Postgres rows/s, ${b} per insert`, v.rows_per_s]) : [["Postgres", String(postgres.reason)]];
console.log(
  table([
    ["input", "value"],
    ["evaluate decisions/s per core", result.evaluate.decisions_per_s_per_core],
    ["AgentState decisions/s per object (evaluate inside)", result.agent_state.decisions_per_s_per_object],
    ["AgentState decisions/s per object (split)", result.agent_state.split.decisions_per_s_per_object],
    ["prepareEvaluation µs at the PoP", result.agent_state.split.prepare_us_per_decision],
    ["AuditLog appends/s, 100 per transaction", result.audit_log.appends_per_s_batch_100],
    ["AuditLog appends/s, 1 per transaction", result.audit_log.appends_per_s_single],
    ["AuditLog SQLite rows written per append", result.audit_log.sqlite_rows_written_per_append],
    ...pgRows,
  ]),
);
console.log(`\nwrote ${await writeResult("scale-inputs", result)}`);
console.log(`wrote ${writeScaleDoc()}`);

/** The split's figures from bench/results/agent-state.json (issue 16 part 0), when that file exists. */
async function readPart0(): Promise<Record<string, unknown> | null> {
  try {
    const { readFileSync } = await import("node:fs");
    const { RESULTS_DIR } = await import("./lib/results.ts");
    const raw = JSON.parse(readFileSync(join(RESULTS_DIR, "agent-state.json"), "utf8")) as Record<string, unknown>;
    const before = raw.do_us_per_decision_before;
    const after = raw.do_us_per_decision_after;
    return typeof before === "number" && typeof after === "number" ? { source: "bench/results/agent-state.json", do_us_per_decision_before: before, do_us_per_decision_after: after } : null;
  } catch {
    return null;
  }
}
