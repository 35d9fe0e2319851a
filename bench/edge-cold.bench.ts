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
 * `code_loaded` is the floor under any start of this code: the same bare server, started in turn with the
 * others, with the device's code loaded first as its launcher loads it (tuning, then every module;
 * bench/edge-memory.ts `codeLoadedPreload`) and nothing opened, no bundle, no decision; and that process's
 * RSS (median of 3, beside a bare process's). What the device does after loading its code is the shipped
 * start minus this.
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
import { bareNodeRss, interleavedColdStarts, medianRss, prepareColdDevice } from "@nethical/bench/edge-memory.ts";
import { writeResult } from "@nethical/bench/lib/results.ts";
import { round } from "@nethical/bench/lib/stats.ts";

const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 25);
const { entry, configFile, codeLoaded, remove } = await prepareColdDevice("nethical-edge-cold-");
const unit = serviceSettings(readFileSync(SERVICE_UNIT_FILE, "utf8"));
const against = process.env.BENCH_COLD_AGAINST;

const loadBefore = loadavg()[0] as number;
const starts = await interleavedColdStarts(
  [
    { label: "bare-node", entry: "bare-node" },
    { label: "code-loaded", entry: "bare-node", nodeArgs: ["--import", codeLoaded] },
    { label: "shipped", entry, configFile },
    { label: "service-unit", entry, configFile, nodeArgs: unit.nodeArgs, env: unit.env },
    ...(against === undefined ? [] : [{ label: "against", entry: against, configFile }]),
  ],
  ROUNDS,
);
const loadAfter = loadavg()[0] as number;
const rssOf = async (nodeArgs: string[]) => medianRss([await bareNodeRss(nodeArgs), await bareNodeRss(nodeArgs), await bareNodeRss(nodeArgs)]);
const bareRss = await rssOf([]);
const loadedRss = await rssOf(["--import", codeLoaded]);
remove();

const ratio = (label: string) => round((starts[label]?.median_ms ?? Number.NaN) / (starts["bare-node"]?.median_ms ?? Number.NaN), 2);
const result = {
  rounds: ROUNDS,
  how: "spawn -> first decision answered; bare-node, code-loaded, shipped and service-unit started in turn each round (a warm-up round not counted); cpu = all threads of the process until the answer (/proc schedstat)",
  cold_start_ms: starts.shipped?.median_ms,
  cold_start_budget_ms: 150,
  cold_start_ms_node_baseline: starts["bare-node"]?.median_ms,
  cold_start_ratio_to_baseline: ratio("shipped"),
  cold_start_ms_service_unit: starts["service-unit"]?.median_ms,
  code_loaded: {
    how: "a bare node:http server answering one request, with the device's code loaded first as the launcher loads it (tuning, every module) and nothing opened; started in turn with the others; RSS 200 ms after the code loaded, median of 3",
    cold_start_ms: starts["code-loaded"]?.median_ms,
    ratio_to_baseline: ratio("code-loaded"),
    share_of_shipped_start: round((starts["code-loaded"]?.median_ms ?? Number.NaN) / (starts.shipped?.median_ms ?? Number.NaN), 2),
    rss_mb: loadedRss.rss_mb,
    rss_anon_mb: loadedRss.rss_anon_mb,
    rss_file_mb: loadedRss.rss_file_mb,
    rss_mb_node_baseline: bareRss.rss_mb,
    rss_anon_mb_node_baseline: bareRss.rss_anon_mb,
    rss_file_mb_node_baseline: bareRss.rss_file_mb,
  },
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
