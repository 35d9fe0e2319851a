/**
 * What the fuzz and chaos suites read from the test environment, and how they hand their figures back.
 * Both bindings exist only in the workerd *test* configuration (vitest.config.ts), never in wrangler.toml:
 *
 * - `SUITE_BUDGET`: `"ci"` (the default, a bounded share of `npm test`) or `"full"` (`npm run suite:fuzz` /
 *   `npm run suite:chaos`), from the `NETHICAL_SUITE` environment variable;
 * - `SUITE_SEED`: fast-check seed to replay a run (`NETHICAL_SUITE_SEED`), else a fresh one;
 * - `SUITE_RESULTS`: a service binding answered by Node (vitest.config.ts) that merges one section into
 *   `bench/results/<suite>.json` (workerd cannot write host files itself). Written only in `full` runs, so
 *   `npm test` never overwrites the published figures with the CI share.
 */
import { env } from "cloudflare:workers";

/** The test-only bindings (not part of the Worker's `Env`). */
interface SuiteBindings {
  SUITE_BUDGET?: string;
  SUITE_SEED?: string;
  SUITE_RESULTS?: Fetcher;
}

const suite = env as unknown as SuiteBindings;

/** `"full"` for the one-command suites, `"ci"` inside `npm test`. */
export type SuiteBudget = "ci" | "full";

/**
 * The budget this run has.
 *
 * @example
 * const runs = suiteBudget() === "full" ? 20_000 : 1_500;
 */
export function suiteBudget(): SuiteBudget {
  return suite.SUITE_BUDGET === "full" ? "full" : "ci";
}

/**
 * The fast-check seed: the one given, or a fresh one (reported with the figures so a failure replays).
 *
 * @example
 * fc.assert(property, { seed: suiteSeed(), numRuns });
 */
export function suiteSeed(): number {
  const given = Number(suite.SUITE_SEED);
  return Number.isSafeInteger(given) && suite.SUITE_SEED !== undefined && suite.SUITE_SEED !== "" ? given : Math.floor(Math.random() * 2 ** 31);
}

/**
 * Merge `figures` as `section` into `bench/results/<name>.json` (full runs only). Returns whether written.
 *
 * @example
 * await writeSuiteResults("fuzz", "workerd", { requests: 20000, violations: 0 });
 */
export async function writeSuiteResults(name: "fuzz" | "chaos", section: string, figures: unknown): Promise<boolean> {
  if (suiteBudget() !== "full" || suite.SUITE_RESULTS === undefined) return false;
  const res = await suite.SUITE_RESULTS.fetch(`https://suite-results/${name}/${section}`, { method: "POST", body: JSON.stringify(figures) });
  if (!res.ok) throw new Error(`suite results not written: ${res.status} ${await res.text()}`);
  return true;
}
