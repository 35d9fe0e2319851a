/**
 * `npm run bench:oversight`: how long an operator's emergency stop, cloud terminate and reinstatement take
 * to be honoured at the PoP (the Worker under `wrangler dev`) and on a device (its own Node process, synced
 * over the real `/v2/sync`), measured locally with real processes. Each figure is the time from sending the
 * operator's request to the first decision that honours it (TERMINATE, or ALLOW again after a release or
 * reinstatement), found by evaluating in a loop at the Worker and on the device from the moment the request
 * is sent; medians over OVERSIGHT_RUNS runs (default 7). Resolution: one evaluate round trip, reported.
 * Baseline in the same run: a policy publish reaching the device (the existing bundle push), and the plain
 * evaluate round trips. Writes bench/results/oversight.json.
 */
import { startWorkerDeviceStack, type WorkerDeviceStack } from "@nethical/edge-device/testing/worker-device-stack";
import { until } from "@nethical/edge-device/testing/until";
import { median, round } from "./lib/stats.ts";
import { table, writeResult } from "./lib/results.ts";

const RUNS = Number(process.env.OVERSIGHT_RUNS ?? 7);
const DEADLINE_MS = 15_000;

const ask = (agentId: string) => ({ agent_id: agentId, action: "read the weather forecast", action_type: "query" });

/** Evaluate `agentId` in a loop until `want`; resolves with the ms from `t0` to the answer that had it. */
async function firstHonoured(evaluate: (r: unknown) => Promise<any>, agentId: string, want: string, t0: number): Promise<number> {
  for (;;) {
    const d = await evaluate(ask(agentId));
    const at = performance.now();
    if (d.decision === want) return at - t0;
    if (at - t0 > DEADLINE_MS) throw new Error(`${agentId}: not ${want} after ${DEADLINE_MS} ms`);
  }
}

/** Send `act` and, from the same instant, look for the first honouring decision at the Worker and on the device. */
async function measure(stack: WorkerDeviceStack, act: () => Promise<unknown>, agents: { pop: string; device: string }, want: string) {
  const t0 = performance.now();
  const api = act().then(() => performance.now() - t0);
  const [apiMs, popMs, deviceMs] = await Promise.all([api, firstHonoured(stack.evaluateAtWorker, agents.pop, want, t0), firstHonoured(stack.evaluateOnDevice, agents.device, want, t0)]);
  return { apiMs, popMs, deviceMs };
}

async function rtt(evaluate: (r: unknown) => Promise<any>, agentId: string, n = 30): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await evaluate(ask(agentId));
    samples.push(performance.now() - t);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const stack = await startWorkerDeviceStack("oversight");
  try {
    const { call, keys } = stack;
    const series: Record<string, number[]> = {};
    const add = (name: string, value: number) => (series[name] ??= []).push(value);
    // Warm both paths (isolate, Durable Objects, device database) before measuring.
    await rtt(stack.evaluateAtWorker, "warm", 10);
    await rtt(stack.evaluateOnDevice, "warm", 10);

    for (let run = 0; run < RUNS; run++) {
      const stop = await measure(stack, () => call("/v2/emergency-stop", keys.operator, { reason: `bench run ${run}` }), { pop: `estop-pop-${run}`, device: `estop-dev-${run}` }, "TERMINATE");
      add("stop_api_ms", stop.apiMs);
      add("stop_to_pop_ms", stop.popMs);
      add("stop_to_device_ms", stop.deviceMs);
      const release = await measure(stack, () => call("/v2/emergency-stop", keys.operator, { reason: "bench release" }, "DELETE"), { pop: `estop-pop-${run}`, device: `estop-dev-${run}` }, "ALLOW");
      add("release_to_pop_ms", release.popMs);
      add("release_to_device_ms", release.deviceMs);

      const agent = `arm-${run}`;
      const terminate = await measure(stack, () => call(`/v2/agents/${agent}/terminate`, keys.operator, { reason: "bench" }), { pop: agent, device: agent }, "TERMINATE");
      add("terminate_api_ms", terminate.apiMs);
      add("terminate_to_pop_ms", terminate.popMs);
      add("terminate_to_device_ms", terminate.deviceMs);
      const reinstate = await measure(stack, () => call(`/v2/agents/${agent}/reinstate`, keys.operator, { reason: "bench" }), { pop: agent, device: agent }, "ALLOW");
      add("reinstate_api_ms", reinstate.apiMs);
      add("reinstate_to_pop_ms", reinstate.popMs);
      add("reinstate_to_device_ms", reinstate.deviceMs);

      // Baseline: the existing push path — a policy publish reaching the device.
      const current = await call("/v2/policies/active?include=policy", keys.operator);
      const t0 = performance.now();
      const published = await call("/v2/policies/active", keys.operator, { ...current.policy, name: `bench-${run}` }, "PUT");
      await until(stack.status, (s) => s.bundle.seq >= published.seq, DEADLINE_MS);
      add("policy_to_device_ms", performance.now() - t0);
    }

    const pop_rtt_ms = await rtt(stack.evaluateAtWorker, "rtt");
    const device_rtt_ms = await rtt(stack.evaluateOnDevice, "rtt");
    const medians = Object.fromEntries(Object.entries(series).map(([k, v]) => [k, round(median(v))]));
    const ratio = (a: string, b: string) => round((medians[a] ?? 0) / (medians[b] ?? 1), 3);
    const result = {
      runs: RUNS,
      ...medians,
      baseline: {
        policy_to_device_ms: medians.policy_to_device_ms,
        pop_evaluate_rtt_ms: round(pop_rtt_ms),
        device_evaluate_rtt_ms: round(device_rtt_ms),
      },
      ratios: {
        stop_to_device_vs_policy_to_device: ratio("stop_to_device_ms", "policy_to_device_ms"),
        reinstate_to_device_vs_policy_to_device: ratio("reinstate_to_device_ms", "policy_to_device_ms"),
      },
      samples: Object.fromEntries(Object.entries(series).map(([k, v]) => [k, v.map((x) => round(x))])),
      setup:
        "wrangler dev (one local isolate, one PolicyStore) + one device process over /v2/sync on 127.0.0.1; each figure = ms from sending the operator's request to the first decision honouring it (loop of evaluates started at the same instant, so resolution is one evaluate round trip); medians over runs",
      bound_other_isolates_ms: "every other isolate re-reads the stop within 1000 ms (STOP_FRESH_MS) + one PolicyStore round trip; this local run has a single isolate, which learns it from the route itself",
    };
    const path = await writeResult("oversight", result);
    console.log(
      table([
        ["metric", "median ms"],
        ...Object.entries(medians).map(([k, v]) => [k, v]),
        ["pop_evaluate_rtt_ms (resolution)", round(pop_rtt_ms)],
        ["device_evaluate_rtt_ms (resolution)", round(device_rtt_ms)],
        ["stop_to_device / policy_to_device", result.ratios.stop_to_device_vs_policy_to_device],
      ]),
    );
    console.log(`wrote ${path}`);
  } finally {
    await stack.stop();
  }
}

await main();
