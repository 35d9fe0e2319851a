/**
 * `npm run bench:sync`: (1) publish → subscriber-applied latency over 100 publishes on loopback: starts
 * `wrangler dev` (fresh local state), enrols a device, connects a real WebSocket client (`ws`) to /v2/sync,
 * authenticates with the device key, then 100 times publishes a policy with PUT /v2/policies/active and
 * times until the client has received and verified (signature, hash, tenant, seq grows) the new bundle.
 * (2) in-process evaluate time vs rule count (100, 1k, 10k rules, bench/lib/synthetic-policy.ts) and the heap
 * a compiled 10k-rule policy holds. Writes bench/results/sync.json.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import {
  compilePolicy,
  createBundle,
  emptyAgentState,
  encodeSyncMessage,
  evaluate,
  generateSoftwareSigner,
  parseServerMessage,
  signDeviceChallenge,
  verifyBundle,
  type EvaluateRequest,
  type SyncServerMessage,
} from "@nethical/core";
import { startWranglerDev } from "@nethical/dev-stack/wrangler-dev";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { table, writeResult } from "./lib/results.ts";
import { percentile, round } from "./lib/stats.ts";
import { syntheticPolicy } from "./lib/synthetic-policy.ts";

const PUBLISHES = Number(process.env.BENCH_PUBLISHES ?? 100);
const root = join(import.meta.dirname, "..");

async function publishLatency(): Promise<{ samples: number[]; tenant: string }> {
  const dir = await mkdtemp(join(tmpdir(), "nethical-bench-sync-"));
  const bootstrap = `bench-bootstrap-${crypto.randomUUID()}`;
  await writeFile(join(dir, "bench.vars"), `BOOTSTRAP_ADMIN_KEY=${bootstrap}\n`);
  const port = 18_800 + Math.floor(Math.random() * 1000);
  const dev = await startWranglerDev({ root, port, stateDir: join(dir, "state"), envFile: join(dir, "bench.vars") });
  try {
    const call = async (path: string, key: string, init: RequestInit = {}): Promise<Response> =>
      fetch(`${dev.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...(init.headers ?? {}) } });
    const tenant = "bench-sync";
    if (!(await call("/v2/admin/tenants", bootstrap, { method: "POST", body: JSON.stringify({ tenant }) })).ok) throw new Error("tenant not created");
    const issue = async (role: string) => ((await (await call(`/v2/admin/tenants/${tenant}/keys`, bootstrap, { method: "POST", body: JSON.stringify({ role }) })).json()) as { secret: string }).secret;
    const operator = await issue("operator");
    const device = await generateSoftwareSigner("bench-device");
    const enrolled = await call("/v2/devices", operator, { method: "POST", body: JSON.stringify({ device_id: "bench-device", public_key_jwk: device.publicKeyJwk }) });
    if (enrolled.status !== 201) throw new Error(`device not enrolled: ${enrolled.status}`);
    const published = (await (await call("/v2/policies/keys", operator)).json()) as { keys: { key_id: string; jwk: JsonWebKey }[] };
    const trusted = Object.fromEntries(published.keys.map((k) => [k.key_id, k.jwk]));

    const ws = new WebSocket(`ws://127.0.0.1:${port}/v2/sync?tenant=${tenant}`);
    const waiting: ((m: SyncServerMessage) => void)[] = [];
    const inbox: SyncServerMessage[] = [];
    ws.on("message", (data) => {
      const message = parseServerMessage(String(data));
      if (message.type === "keyset") return; // policy key-set updates (sent before the snapshot): not what this bench times
      const waiter = waiting.shift();
      if (waiter !== undefined) waiter(message);
      else inbox.push(message);
    });
    const next = (): Promise<SyncServerMessage> => {
      const queued = inbox.shift();
      return queued !== undefined ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    };
    await new Promise<void>((resolve, reject) => (ws.once("open", () => resolve()), ws.once("error", reject)));
    ws.send(encodeSyncMessage({ type: "hello", device_id: "bench-device", have_seq: 0 }));
    const challenge = await next();
    if (challenge.type !== "challenge") throw new Error(`expected challenge, got ${challenge.type}`);
    ws.send(encodeSyncMessage({ type: "auth", signature: await signDeviceChallenge(device.signer, { tenant, device_id: "bench-device", nonce: challenge.nonce }) }));
    const ready = await next();
    if (ready.type !== "ready") throw new Error(`expected ready, got ${JSON.stringify(ready)}`);
    const snapshot = await next();
    if (snapshot.type !== "snapshot") throw new Error("expected a snapshot");
    let seq = (await verifyBundle(snapshot.bundle, trusted, { tenant })).seq;

    const samples: number[] = [];
    for (let i = 0; i < PUBLISHES; i++) {
      const policy = { version: 1, name: `bench-${i}`, default: { decision: "ALLOW" }, rules: [{ id: "r", when: { field: "context.n", op: "eq", value: i }, then: { decision: "BLOCK", reason: "bench" } }] };
      const start = performance.now();
      const put = call("/v2/policies/active", operator, { method: "PUT", body: JSON.stringify(policy) });
      const message = await next();
      if (message.type !== "bundle") throw new Error(`expected bundle, got ${message.type}`);
      const bundle = await verifyBundle(message.bundle, trusted, { tenant, minSeq: seq, rejectEqualSeq: true });
      samples.push(performance.now() - start);
      seq = bundle.seq;
      ws.send(encodeSyncMessage({ type: "ack", seq }));
      if (!(await put).ok) throw new Error("publish failed");
    }
    ws.close();
    return { samples, tenant };
  } finally {
    await dev.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function evalP50Us(rules: number, requests: readonly EvaluateRequest[]): number {
  const policy = compilePolicy({ tenant: "bench", seq: 1, hash: "0".repeat(64), policy: syntheticPolicy(rules, { spreadTypes: true }) });
  const state = emptyAgentState();
  for (const r of requests) evaluate(r, policy, state, 0);
  const samples: number[] = [];
  for (let round_ = 0; round_ < 10; round_++) {
    for (const r of requests) {
      const t = process.hrtime.bigint();
      evaluate(r, policy, state, 0);
      samples.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  return percentile(samples, 50);
}

async function heapMb(rules: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const policy = compilePolicy(await createBundle("bench", 1, syntheticPolicy(rules, { spreadTypes: true })));
  gc?.();
  const after = process.memoryUsage().heapUsed;
  if (policy.rules === undefined) throw new Error("unreachable");
  return (after - before) / (1024 * 1024);
}

const { samples } = await publishLatency();
const requests = buildCorpus({ count: 300, sizes: [1024], seed: 7 }).map((i) => i.request);
const evalUs = { 100: evalP50Us(100, requests), 1000: evalP50Us(1000, requests), 10000: evalP50Us(10_000, requests) };
const result = {
  publishes: samples.length,
  apply_p50_ms: round(percentile(samples, 50)),
  apply_p99_ms: round(percentile(samples, 99)),
  apply_max_ms: round(Math.max(...samples)),
  eval_p50_us: { rules_100: round(evalUs[100]), rules_1k: round(evalUs[1000]), rules_10k: round(evalUs[10000]) },
  eval_ratio_10k_vs_100: round(evalUs[10000] / evalUs[100]),
  heap_mb_10k_rules: round(await heapMb(10_000)),
  gc_exposed: typeof (globalThis as { gc?: unknown }).gc === "function",
};
console.log(
  table([
    ["metric", "value"],
    ["publishes", result.publishes],
    ["apply_p50_ms", result.apply_p50_ms],
    ["apply_p99_ms", result.apply_p99_ms],
    ["eval p50 µs 100 / 1k / 10k rules", `${result.eval_p50_us.rules_100} / ${result.eval_p50_us.rules_1k} / ${result.eval_p50_us.rules_10k}`],
    ["eval_ratio_10k_vs_100", result.eval_ratio_10k_vs_100],
    ["heap_mb_10k_rules", result.heap_mb_10k_rules],
  ]),
);
console.log(`wrote ${await writeResult("sync", result)}`);
