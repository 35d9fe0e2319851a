/**
 * `npm run bench:edge:cold`: only the device's cold start, for a reading on a quiet machine without the
 * 25 minutes of `bench:edge`. The shipped one-file build (edge-device/scripts/build.ts) on a persisted,
 * verified 1k-rule bundle, started as a device starts it (launcher tuning on); cold start = spawn → first
 * decision answered, taken in turn with a bare Node process serving one request with node:http (the floor
 * under any start) and with the device under the shipped systemd unit's Node flags and environment
 * (edge-device/deploy/nethical-edge.service), so that load from other processes falls on all alike.
 * Median, minimum and the CPU all threads used, over `BENCH_COLD_ROUNDS` rounds (default 25) after a
 * warm-up round; the machine's load average is recorded beside them. Writes bench/results/edge-cold.json.
 *
 * To measure a change, build the device as it was before it and name that build in `BENCH_COLD_AGAINST`
 * (and what it is in `BENCH_COLD_AGAINST_LABEL`, e.g. a commit): it is started in turn with the others, on
 * the same data, so the two are compared within one run (`against`, `ratio_to_against`):
 *   git stash && node edge-device/scripts/build.ts /tmp/before/nethical-edge.mjs && git stash pop
 *   BENCH_COLD_AGAINST=/tmp/before/nethical-edge.mjs BENCH_COLD_AGAINST_LABEL=before npm run bench:edge:cold
 */
import { loadavg } from "node:os";
import { readFileSync } from "node:fs";
import { SERVICE_UNIT_FILE, serviceSettings } from "@nethical/edge-device/service-unit";
import { interleavedColdStarts, prepareColdDevice } from "./edge-memory.ts";
import { writeResult } from "./lib/results.ts";
import { round } from "./lib/stats.ts";

const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 25);
const { entry, configFile, remove } = await prepareColdDevice("nethical-edge-cold-");
const unit = serviceSettings(readFileSync(SERVICE_UNIT_FILE, "utf8"));
const against = process.env.BENCH_COLD_AGAINST;

const loadBefore = loadavg()[0] as number;
const starts = await interleavedColdStarts(
  [
    { label: "bare-node", entry: "bare-node" },
    { label: "shipped", entry, configFile },
    { label: "service-unit", entry, configFile, nodeArgs: unit.nodeArgs, env: unit.env },
    ...(against === undefined ? [] : [{ label: "against", entry: against, configFile }]),
  ],
  ROUNDS,
);
const loadAfter = loadavg()[0] as number;
remove();

const ratio = (label: string) => round((starts[label]?.median_ms ?? Number.NaN) / (starts["bare-node"]?.median_ms ?? Number.NaN), 2);
const result = {
  rounds: ROUNDS,
  how: "spawn -> first decision answered; bare-node, shipped and service-unit started in turn each round (a warm-up round not counted); cpu = all threads of the process until the answer (/proc schedstat)",
  cold_start_ms: starts.shipped?.median_ms,
  cold_start_budget_ms: 150,
  cold_start_ms_node_baseline: starts["bare-node"]?.median_ms,
  cold_start_ratio_to_baseline: ratio("shipped"),
  cold_start_ms_service_unit: starts["service-unit"]?.median_ms,
  load_average_1m: { before: round(loadBefore, 2), after: round(loadAfter, 2) },
  ...(against === undefined
    ? {}
    : {
        against: process.env.BENCH_COLD_AGAINST_LABEL ?? "an earlier build",
        ratio_to_against: round((starts.shipped?.median_ms ?? Number.NaN) / (starts.against?.median_ms ?? Number.NaN), 3),
      }),
  starts,
};
console.log(JSON.stringify(result, null, 2));
await writeResult("edge-cold", result);
