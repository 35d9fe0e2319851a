/**
 * The device process's tuning for a small resident set and a fast start (README "Memory and start-up";
 * `npm run bench:edge` measures each one on and off), applied before the device code runs by both ways of
 * starting it: the launcher (bin/nethical-edge.js) and the startup snapshot (snapshot/entry.ts).
 * - semi-space: V8's young generation stays at its initial 1 MB semi-space instead of growing to 16 MB;
 * - no-maglev: no Maglev tier (its code and compiler memory); TurboFan still optimises the hot path;
 * - heap-growth: after each full collection V8 lets the old generation grow 10% over what is live instead
 *   of its default factor (up to 4x on a small heap), so the garbage that thousands of decisions leave
 *   is collected before the heap grows around it (steady state ~20 MB less RSS; each full collection of
 *   the ~25 MB live heap costs a few ms, every few hundred decisions);
 * - zod-jitless: zod parses with its interpreter instead of compiling a parser per object schema with
 *   new Function() (same results; the compiled parsers cost start-up time on a 1,000-rule bundle);
 * - light-fetch: the process's `Headers`/`Request`/`Response` are the local API's own small classes
 *   (http/light-fetch.ts), so answering requests never loads undici (~17 MB and 25–60 ms on the first
 *   request; the uploader and the sync WebSocket do not use it either: log/post-body.ts, `ws`).
 * NETHICAL_EDGE_TUNING=none turns them off, or names the ones to keep (comma-separated). A V8 flag the
 * operator passed (command line or NODE_OPTIONS) wins over ours.
 */
import { setFlagsFromString } from "node:v8";
import { config } from "zod";
import { installLightFetch } from "./http/light-fetch.ts";

/** The tuning applied when NETHICAL_EDGE_TUNING is not set. */
export const DEFAULT_TUNING = ["semi-space", "no-maglev", "heap-growth", "zod-jitless", "light-fetch"] as const;

const V8_FLAGS: readonly [name: string, mentions: string, flag: string][] = [
  ["semi-space", "semi-space", "--semi-space-growth-factor=1"],
  ["no-maglev", "maglev", "--no-maglev"],
  ["heap-growth", "heap-growing", "--heap-growing-percent=10"],
];

/**
 * Apply the tuning `env.NETHICAL_EDGE_TUNING` asks for (default: all of {@link DEFAULT_TUNING}), leaving out
 * a V8 flag that `execArgv` or `env.NODE_OPTIONS` already mention; returns what was applied.
 *
 * @example
 * applyTuning(process.env, process.execArgv); // ["semi-space", "no-maglev", "heap-growth", "zod-jitless", "light-fetch"]
 */
export function applyTuning(env: Record<string, string | undefined>, execArgv: readonly string[]): string[] {
  const wanted = env.NETHICAL_EDGE_TUNING ?? DEFAULT_TUNING.join(",");
  const on = new Set(wanted === "none" ? [] : wanted.split(",").map((t) => t.trim()));
  const given = `${execArgv.join(" ")} ${env.NODE_OPTIONS ?? ""}`;
  const applied: string[] = [];
  for (const [name, mentions, flag] of V8_FLAGS) {
    if (!on.has(name) || given.includes(mentions)) continue;
    setFlagsFromString(flag);
    applied.push(name);
  }
  // Set either way: a snapshot built with it on must be able to turn it off.
  config({ jitless: on.has("zod-jitless") });
  if (on.has("zod-jitless")) applied.push("zod-jitless");
  if (on.has("light-fetch")) {
    installLightFetch();
    applied.push("light-fetch");
  }
  return applied;
}
