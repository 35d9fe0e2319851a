/**
 * `npm run bench:edge:cold:profile`: where the device's cold start goes. The device is built as it ships
 * but unminified (so the profile names its functions), on a persisted, verified 1k-rule bundle, and started
 * as `bench:edge:cold` starts it, twice with `--cpu-prof`: the first start warms the page cache and is not
 * read; the second one's profile (spawn → first decision answered → SIGTERM) is
 * split into phases by inclusive time (bench/lib/cpu-profile.ts). The profiler itself slows the start (a
 * sample every 250 µs), so read the phases as shares of one start, not as the start's length; that is
 * `bench:edge:cold`. Writes bench/results/edge-cold-profile.json.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { interleavedColdStarts, prepareColdDevice } from "./edge-memory.ts";
import { inclusiveMs, type CpuProfile } from "./lib/cpu-profile.ts";
import { table, writeResult } from "./lib/results.ts";

/** Phases of a start: a function (or V8 pseudo-frame) of the unminified build, and what it is. */
const PHASES: readonly [name: string, what: string][] = [
  ["compileSourceTextModule", "compiling the device's modules (no code cache: the shipped default)"],
  ["compileForInternalLoader", "loading Node's own built-in modules"],
  ["(garbage collector)", "garbage collection (1 MB semi-space: the launcher's tuning)"],
  ["applyTuning", "the launcher's tuning (V8 flags, zod jitless, light fetch)"],
  ["registerRules", "detector rule tables at module load (regexes, trigger stems)"],
  ["decodeModel", "decoding the classifier's weights"],
  ["openDevice", "opening the device: SQLite, the persisted bundle, its check and compile"],
  ["verifyBundleWithKeySet", "the bundle's signature check (Ed25519 over the stored canonical text, its SHA-256)"],
  ["importPublicKey", "of which importing the key (WebCrypto's first use loads its modules)"],
  ["canonicalJson", "the canonical writer (the first request's id; a stored bundle only when its file is not canonical)"],
  ["loadPolicy", "compiling the 1k-rule policy"],
  ["deepFreeze", "of which freezing the compiled policy"],
  ["decide", "the first decision (policy regexes compiled on first use, first JIT)"],
  ["(idle)", "waiting (I/O, the client's request)"],
];

const { entry, configFile, remove } = await prepareColdDevice("nethical-edge-cold-profile-", { minify: false });
const profiles = mkdtempSync(join(tmpdir(), "nethical-edge-cpuprof-"));
try {
  const starts = await interleavedColdStarts(
    [{ label: "profiled", entry, configFile, nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profiles}`, "--cpu-prof-interval=250"] }],
    1,
  );
  const files = readdirSync(profiles)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => join(profiles, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  const last = files.at(-1);
  if (files.length < 2 || last === undefined) throw new Error(`expected two CPU profiles in ${profiles}, found ${files.length}`);
  const { total_ms, by_name } = inclusiveMs(JSON.parse(readFileSync(last, "utf8")) as CpuProfile, PHASES.map(([name]) => name));
  const phases = PHASES.map(([name, what]) => ({ name, what, ms: by_name[name] ?? 0, share: Math.round(((by_name[name] ?? 0) / total_ms) * 1000) / 10 }));
  console.log(`bench:edge:cold:profile — one profiled start of the unminified build (1k-rule bundle): ${total_ms} ms sampled, ${starts.profiled?.median_ms} ms spawn → first answer\n`);
  console.log(table([["phase (inclusive)", "ms", "% of the start", "what"], ...phases.map((p) => [p.name, p.ms, p.share, p.what])]));
  await writeResult("edge-cold-profile", {
    how: "unminified shipped build, 1k-rule bundle, second of two starts with --cpu-prof (250 µs sampling); inclusive ms per function; phases overlap where one calls another",
    sampled_ms: total_ms,
    spawn_to_first_answer_ms_profiled: starts.profiled?.median_ms,
    phases,
  });
} finally {
  rmSync(profiles, { recursive: true, force: true });
  remove();
}
