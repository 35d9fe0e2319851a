/**
 * What human approvals cost on the decision path, under `wrangler dev` (workerd, local Durable Objects):
 * median and p95 milliseconds of `POST /v2/evaluate` for (a) an ordinary ALLOW (no Oversight call: the
 * baseline), (b) a RESTRICT that opens an approval (one Oversight call), (c) the approved retry with
 * `approval_id` (check before deciding + claim after: two Oversight calls) — interleaved, same run, same
 * stack. Writes bench/results/approvals.json.
 * Run: `./node_modules/.bin/node bench/approvals.bench.ts` (ROUNDS=200 by default).
 */
import { startLoadStack } from "./lib/load-stack.ts";
import { median, percentile, round } from "./lib/stats.ts";
import { table, writeResult } from "./lib/results.ts";

const ROUNDS = Number(process.env.ROUNDS ?? 200);
const AGENTS = 32;

const POLICY = {
  version: 1,
  name: "bench-approvals",
  default: { decision: "ALLOW" },
  rules: [
    {
      id: "export-needs-approval",
      when: { field: "context.export", op: "eq", value: true },
      then: { decision: "RESTRICT", obligations: [{ type: "require_human_approval", reason: "Bulk export" }], reason: "Bulk export needs approval" },
    },
  ],
};

const stack = await startLoadStack("bench-approvals", 0);
try {
  const { url } = stack.dev;
  const { keys } = stack.tenant;
  const call = async (key: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; ms: number }> => {
    const started = performance.now();
    const res = await fetch(`${url}${path}`, { method: body === undefined ? "GET" : "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const json = (await res.json()) as Record<string, unknown>;
    return { status: res.status, json, ms: performance.now() - started };
  };
  const put = await fetch(`${url}/v2/policies/active`, { method: "PUT", headers: { authorization: `Bearer ${keys.operator}`, "content-type": "application/json" }, body: JSON.stringify(POLICY) });
  if (put.status !== 200) throw new Error(`policy not set: ${put.status}`);

  const plain = (i: number) => ({ agent_id: `bench-${i % AGENTS}`, action: `read report ${i}`, action_type: "query" });
  const exporting = (i: number) => ({ agent_id: `bench-${i % AGENTS}`, action: `export table ${i}`, action_type: "data_access", context: { export: true, batch: i } });

  // Warm-up: isolates, Durable Objects, policy cache.
  for (let i = 0; i < 20; i++) {
    await call(keys.agent, "/v2/evaluate", plain(-1 - i));
    await call(keys.agent, "/v2/evaluate", exporting(-1 - i));
  }

  const allow: number[] = [];
  const open: number[] = [];
  const retry: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const a = await call(keys.agent, "/v2/evaluate", plain(i));
    if (a.json.decision !== "ALLOW") throw new Error(`expected ALLOW, got ${String(a.json.decision)}`);
    allow.push(a.ms);

    const o = await call(keys.agent, "/v2/evaluate", exporting(i));
    const obligation = (o.json.obligations as { type: string; approval_id?: string }[]).find((x) => x.type === "require_human_approval");
    if (o.json.decision !== "RESTRICT" || obligation?.approval_id === undefined) throw new Error("expected a RESTRICT with an approval id");
    open.push(o.ms);

    const approved = await call(keys.operator, `/v2/approvals/${obligation.approval_id}/approve`, {});
    if (approved.status !== 200) throw new Error(`approve answered ${approved.status}`);
    const r = await call(keys.agent, "/v2/evaluate", { ...exporting(i), approval_id: obligation.approval_id });
    if (r.json.decision !== "ALLOW") throw new Error(`expected the approved retry to be ALLOWed, got ${String(r.json.decision)}`);
    retry.push(r.ms);
  }

  const summary = (samples: number[]) => ({ median_ms: round(median(samples), 2), p95_ms: round(percentile(samples, 95), 2) });
  const base = median(allow);
  const result = {
    what: "POST /v2/evaluate round trip from Node to wrangler dev on 127.0.0.1, sequential, interleaved per round",
    rounds: ROUNDS,
    allow_baseline: summary(allow),
    restrict_opens_approval: { ...summary(open), ratio_vs_baseline: round(median(open) / base, 2) },
    approved_retry: { ...summary(retry), ratio_vs_baseline: round(median(retry) / base, 2) },
  };
  const file = await writeResult("approvals", result);
  console.log(table([
    ["case", "median ms", "p95 ms", "ratio"],
    ["ALLOW (baseline)", result.allow_baseline.median_ms, result.allow_baseline.p95_ms, 1],
    ["RESTRICT opens approval", result.restrict_opens_approval.median_ms, result.restrict_opens_approval.p95_ms, result.restrict_opens_approval.ratio_vs_baseline],
    ["approved retry → ALLOW", result.approved_retry.median_ms, result.approved_retry.p95_ms, result.approved_retry.ratio_vs_baseline],
  ]));
  console.log(`→ ${file}`);
} finally {
  await stack.stop();
}
