/**
 * Figures of the fuzz and chaos suites, kept in `bench/results/<suite>.json` as one object per section
 * (`workerd`, `postgres`, …) so the parts of a suite that run in different places (workerd through the
 * vitest plugin, real processes in Node) fill one file. `npm run reliability:doc` renders them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Where the results live. */
export const RESULTS_DIR = join(import.meta.dirname, "..", "..", "bench", "results");

/** One suite's results file. */
export interface SuiteResultsFile {
  suite: string;
  /** When a section was last written (ISO 8601). */
  updated_at: string;
  sections: Record<string, unknown>;
}

/**
 * Merge `figures` as `section` into `bench/results/<suite>.json`.
 *
 * @example
 * writeSuiteSection("chaos", "postgres", { decisions: 120, lost: 0 });
 */
export function writeSuiteSection(suite: string, section: string, figures: unknown, dir: string = RESULTS_DIR): string {
  if (!/^[a-z][a-z0-9-]*$/.test(suite) || !/^[a-z][a-z0-9-]*$/.test(section)) throw new Error("suite and section are lower-case identifiers");
  const file = join(dir, `${suite}.json`);
  const now = new Date().toISOString();
  const current: SuiteResultsFile = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as SuiteResultsFile) : { suite, updated_at: now, sections: {} };
  current.sections[section] = { ...(figures as Record<string, unknown>), written_at: now };
  current.updated_at = now;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
  return file;
}

/**
 * The Node side of the workerd tests' `SUITE_RESULTS` service binding: `POST /<suite>/<section>` with the
 * figures as JSON.
 *
 * @example
 * miniflare: { serviceBindings: { SUITE_RESULTS: suiteResultsService } }
 */
export async function suiteResultsService(request: Request): Promise<Response> {
  const [suite, section] = new URL(request.url).pathname.split("/").filter((p) => p !== "");
  if (request.method !== "POST" || suite === undefined || section === undefined) return new Response("POST /<suite>/<section>", { status: 400 });
  try {
    const file = writeSuiteSection(suite, section, await request.json());
    return new Response(file, { status: 200 });
  } catch (error) {
    return new Response(String((error as Error).message), { status: 400 });
  }
}
