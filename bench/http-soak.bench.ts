/**
 * `npm run suite:soak`: a steady mixed load on the real Worker under `wrangler dev` (workerd) on 127.0.0.1
 * for SOAK_SECONDS (default 600), paced at SOAK_RPS (default 50) with at most 32 calls in flight, while the
 * workerd process's RSS is read from /proc every SOAK_SAMPLE_SECONDS (default 10). Mix, by call index
 * mod 20: 12 × evaluate (1 KB, 10 % with a harmful snippet, 256 agents), 3 × `GET /v2/whoami`,
 * 1 × batch-evaluate of 5, 1 × `GET /v2/policies/active`, 1 × `GET /v2/agents/{id}`, 1 × `GET
 * /v2/audit/status`, 1 × `GET /v2/decisions?limit=10`. Every call must answer 200; anything else, a network
 * error or a 30 s timeout counts as an error. Writes bench/results/soak.json: RSS first/last/max and slope
 * per minute, errors by kind, and per minute the calls, errors and evaluate p50/p99. Then, with no load,
 * RSS is sampled for SOAK_COOLDOWN_SECONDS more (default 60; `cooldown`), to tell memory that is given
 * back from memory that is kept. wrangler dev runs two workerd processes (the Worker's and its local dev
 * proxy's, which runs none of our code); the figures are their sum, `rss_by_role` has each one's, and
 * `isolate_heap` the JS heap of the Worker's isolate after a GC (read through wrangler dev's inspector,
 * bench/lib/load-inspector.ts) — what our Worker and Durable Object code can hold on to.
 * SOAK_MIX=whoami|evaluate runs one kind of call only (written to bench/results/soak-<mix>.json unless
 * SOAK_RESULT names another soak* file), to compare the growth of authenticated calls that decide
 * nothing with that of decisions.
 */
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { descendantsNamed, memoryFigures, paced, type RssSample, rssMb, slope } from "./lib/load.ts";
import { findInspector, type IsolateHeap, isolateHeap, roleOf, type WorkerdRole } from "./lib/load-inspector.ts";
import { expectStatus, startLoadStack } from "./lib/load-stack.ts";
import { table, writeResult } from "./lib/results.ts";
import { percentile, round } from "./lib/stats.ts";

const bounded = (name: string, fallback: number, min: number, max: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be within ${min}..${max}`);
  return value;
};
const SECONDS = bounded("SOAK_SECONDS", 600, 10, 6 * 3600);
const RPS = bounded("SOAK_RPS", 50, 1, 1000);
const SAMPLE_SECONDS = bounded("SOAK_SAMPLE_SECONDS", 10, 1, 600);
const COOLDOWN_SECONDS = bounded("SOAK_COOLDOWN_SECONDS", 60, 0, 3600);
const MAX_IN_FLIGHT = 32;

const KINDS = ["evaluate", "whoami", "batch_evaluate", "policy_read", "agent_read", "audit_status", "decisions_list"] as const;
type Kind = (typeof KINDS)[number];
const MIXES: Record<string, readonly Kind[]> = {
  mixed: [...Array<Kind>(12).fill("evaluate"), "whoami", "whoami", "whoami", "batch_evaluate", "policy_read", "agent_read", "audit_status", "decisions_list"],
  // For telling the runtime's growth from ours: authenticated calls that decide nothing, and decisions only.
  whoami: ["whoami"],
  evaluate: ["evaluate"],
};
const MIX_NAME = process.env.SOAK_MIX ?? "mixed";
const MIX = MIXES[MIX_NAME];
if (MIX === undefined) throw new Error(`SOAK_MIX must be one of ${Object.keys(MIXES).join(", ")}`);
/** bench/results/<name>.json: `soak` for the mixed load, `soak-<mix>` for the others (SOAK_RESULT overrides). */
const RESULT_NAME = process.env.SOAK_RESULT ?? (MIX_NAME === "mixed" ? "soak" : `soak-${MIX_NAME}`);
if (!/^soak[\w-]*$/.test(RESULT_NAME)) throw new Error("SOAK_RESULT must start with soak and hold only letters, digits, _ and -");

type Detail = { t_s: number; phase: "load" | "idle"; worker_mb: number | null; proxy_mb: number | null; heap: IsolateHeap | null };
const perMin = (xs: readonly { t: number; y: number }[]) => round(slope(xs.map((p) => p.t / 60), xs.map((p) => p.y)), 3);
/** First, last, max and slope per minute (whole run, second half) of the points that have a value. */
const figures = (points: { t: number; y: number | null }[]) => {
  const xs = points.filter((p): p is { t: number; y: number } => p.y !== null && Number.isFinite(p.y));
  if (xs.length === 0) return null;
  const mid = ((xs[0] as { t: number }).t + (xs.at(-1) as { t: number }).t) / 2;
  return { first_mb: xs[0]?.y, last_mb: xs.at(-1)?.y, max_mb: Math.max(...xs.map((p) => p.y)), slope_mb_per_min: perMin(xs), slope_second_half_mb_per_min: perMin(xs.filter((p) => p.t >= mid)) };
};
const byRole = (all: readonly Detail[], detail = all.filter((d) => d.phase === "load")) => ({
  worker: figures(detail.map((d) => ({ t: d.t_s, y: d.worker_mb }))),
  proxy: figures(detail.map((d) => ({ t: d.t_s, y: d.proxy_mb }))),
});
const heapFigures = (all: readonly Detail[], detail = all.filter((d) => d.phase === "load")) => ({
  read_from: "the inspector proxy of wrangler dev: HeapProfiler.collectGarbage, then Runtime.getHeapUsage (the Worker and its Durable Objects share the isolate)",
  used: figures(detail.map((d) => ({ t: d.t_s, y: d.heap?.used_mb ?? null }))),
  embedder: figures(detail.map((d) => ({ t: d.t_s, y: d.heap?.embedder_mb ?? null }))),
});

const stack = await startLoadStack("soak", 8);
try {
  const { dev, tenant, agentKeys } = stack;
  const pids = await descendantsNamed(dev.process.pid as number, "workerd");
  if (pids.length === 0) throw new Error("no workerd process under wrangler dev");
  const corpus = buildCorpus({ count: 512, sizes: [1024], seed: 23, harmfulShare: 0.1 });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const agentKey = (i: number) => agentKeys[i % agentKeys.length] as string;
  const request = (i: number) => ({ ...(corpus[i % corpus.length]?.request as object), agent_id: `soak-agent-${i % 256}` });
  const send = (kind: Kind, i: number): Promise<void> => {
    const json = { "content-type": "application/json" };
    switch (kind) {
      case "evaluate":
        return expectStatus(`${dev.url}/v2/evaluate`, { method: "POST", headers: { ...bearer(agentKey(i)), ...json }, body: JSON.stringify(request(i)) }, 200);
      case "whoami":
        return expectStatus(`${dev.url}/v2/whoami`, { headers: bearer(agentKey(i)) }, 200);
      case "batch_evaluate":
        return expectStatus(`${dev.url}/v2/batch-evaluate`, { method: "POST", headers: { ...bearer(agentKey(i)), ...json }, body: JSON.stringify({ requests: [0, 1, 2, 3, 4].map((k) => request(i + k)) }) }, 200);
      case "policy_read":
        return expectStatus(`${dev.url}/v2/policies/active`, { headers: bearer(tenant.keys.operator) }, 200);
      case "agent_read":
        // an agent that has decided already (the first evaluate index is 0, agent soak-agent-0)
        return expectStatus(`${dev.url}/v2/agents/soak-agent-${(i % 16) * 16}`, { headers: bearer(tenant.keys.operator) }, 200);
      case "audit_status":
        return expectStatus(`${dev.url}/v2/audit/status`, { headers: bearer(tenant.keys.auditor) }, 200);
      case "decisions_list":
        return expectStatus(`${dev.url}/v2/decisions?limit=10`, { headers: bearer(tenant.keys.auditor) }, 200);
    }
  };
  // Warm-up outside the measurement: every agent read by agent_read has decided once.
  for (let a = 0; a < 256; a += 16) await send("evaluate", a);

  // Per sample: the summed RSS (the figures below), each role's RSS, and the Worker isolate's JS heap after
  // a GC. workerd processes are looked up again every time: wrangler dev restarts the Worker's when a
  // source file changes (other work in the same tree), which `worker_restarts` counts.
  const rss: RssSample[] = [];
  const detail: Detail[] = [];
  const workerPids = new Set<number>();
  let inspector = await findInspector(pids);
  const t0 = performance.now();
  const sample = async (into = rss) => {
    const t_s = round((performance.now() - t0) / 1000, 1);
    const now = await descendantsNamed(dev.process.pid as number, "workerd");
    const byRole: Record<WorkerdRole, number[]> = { worker: [], proxy: [] };
    for (const pid of now) {
      const role = await roleOf(pid);
      if (role !== null) byRole[role].push(pid);
    }
    for (const pid of byRole.worker) workerPids.add(pid);
    const mb = await rssMb(now);
    if (mb !== null) into.push({ t_s, rss_mb: round(mb, 1) });
    inspector ??= await findInspector(now);
    const heap = inspector === null ? null : await isolateHeap(inspector);
    const roleMb = async (role: WorkerdRole) => {
      const value = await rssMb(byRole[role]);
      return value === null ? null : round(value, 1);
    };
    detail.push({ t_s, phase: into === rss ? "load" : "idle", worker_mb: await roleMb("worker"), proxy_mb: await roleMb("proxy"), heap });
  };
  await sample();
  const sampler = setInterval(() => void sample(), SAMPLE_SECONDS * 1000);
  const errors = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  const calls = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  const minutes: { calls: number; errors: number; evaluate_ms: number[] }[] = [];
  let run;
  try {
    run = await paced(
      { rps: RPS, seconds: SECONDS, maxInFlight: MAX_IN_FLIGHT },
      (i) => send(MIX[i % MIX.length] as Kind, i),
      (i, ms, failed) => {
        const kind = MIX[i % MIX.length] as Kind;
        calls[kind]++;
        if (failed) errors[kind]++;
        const m = Math.floor(i / RPS / 60);
        const bucket = (minutes[m] ??= { calls: 0, errors: 0, evaluate_ms: [] });
        bucket.calls++;
        if (failed) bucket.errors++;
        else if (kind === "evaluate") bucket.evaluate_ms.push(ms);
      },
    );
  } finally {
    clearInterval(sampler);
  }
  await sample();
  const memory = memoryFigures(rss);
  const cooldown: RssSample[] = [];
  for (let s = 0; s < Math.ceil(COOLDOWN_SECONDS / SAMPLE_SECONDS); s++) {
    await new Promise((r) => setTimeout(r, SAMPLE_SECONDS * 1000));
    await sample(cooldown);
  }
  const perMinute = minutes.map((m, minute) => ({
    minute,
    calls: m.calls,
    errors: m.errors,
    evaluate_p50_ms: m.evaluate_ms.length ? round(percentile(m.evaluate_ms, 50), 2) : null,
    evaluate_p99_ms: m.evaluate_ms.length ? round(percentile(m.evaluate_ms, 99), 2) : null,
  }));
  const totalErrors = Object.values(errors).reduce((a, b) => a + b, 0);
  console.log(table([["minute", "calls", "errors", "evaluate p50 ms", "evaluate p99 ms"], ...perMinute.map((m) => [m.minute, m.calls, m.errors, m.evaluate_p50_ms ?? "-", m.evaluate_p99_ms ?? "-"])]));
  console.log(table([["figure", "value"], ...Object.entries(memory), ["errors", totalErrors], ["skipped slots", run.skipped]]));
  const roles = byRole(detail);
  const heap = heapFigures(detail);
  const row = (name: string, f: ReturnType<typeof figures>) => [name, f?.first_mb ?? "-", f?.last_mb ?? "-", f?.max_mb ?? "-", f?.slope_mb_per_min ?? "-", f?.slope_second_half_mb_per_min ?? "-"];
  console.log(table([["MB", "first", "last", "max", "slope/min", "2nd half slope/min"], row("worker RSS", roles.worker), row("proxy RSS", roles.proxy), row("isolate heap (after GC)", heap.used), row("isolate embedder", heap.embedder)]));
  console.log(
    await writeResult(RESULT_NAME, {
      server: "wrangler dev (workerd) on 127.0.0.1 with the shipped wrangler.toml, 2 shared cores",
      seconds: SECONDS,
      target_rps: RPS,
      max_in_flight: MAX_IN_FLIGHT,
      mix: MIX_NAME,
      mix_per_cycle: Object.fromEntries(KINDS.map((k) => [k, MIX.filter((m) => m === k).length]).filter(([, n]) => (n as number) > 0)),
      workerd_pids: pids.length,
      ...memory,
      rss_by_role: byRole(detail),
      worker_restarts: workerPids.size - 1,
      isolate_heap: heapFigures(detail),
      cooldown: { seconds: COOLDOWN_SECONDS, rss_end_mb: cooldown.at(-1)?.rss_mb ?? null, rss_samples: cooldown },
      calls: run.started,
      completed: run.completed,
      errors: totalErrors,
      errors_by_kind: errors,
      calls_by_kind: calls,
      skipped_slots: run.skipped,
      achieved_rps: round(run.started / SECONDS, 1),
      rss_samples: rss,
      samples_by_role: detail.map((d) => ({ t_s: d.t_s, phase: d.phase, worker_mb: d.worker_mb, proxy_mb: d.proxy_mb, isolate_heap_used_mb: d.heap?.used_mb ?? null, isolate_embedder_mb: d.heap?.embedder_mb ?? null })),
      per_minute: perMinute,
    }),
  );
} finally {
  await stack.stop();
}
