/**
 * `npm run coverage [-- <paths>]`: runs the core vitest project with V8 coverage (@vitest/coverage-v8) and writes
 * the totals (statements, branches, functions, lines) to bench/results/coverage.json, then refreshes
 * docs/TRACEABILITY.md, which quotes them. With paths, only the tests under them run and only the sources
 * under them are counted (the scope is written down). The full report stays in coverage/ (not committed).
 * MC/DC is not measured: V8 reports statement, function and branch coverage only. Figures are written even when a
 * test fails (the exit code is recorded and returned).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { REQUIREMENTS } from "./requirements.ts";
import { buildTrace, COVERAGE_JSON_PATH, readCoverage, renderTraceDoc, TRACE_DOC_PATH } from "./trace-doc.ts";
import { scanRepository } from "./trace-scan.ts";

/** The source folders of the core project's packages (the workerd project's are not measured). */
export const CORE_SOURCES = ["shared/src", "http/src", "cli/src", "db/src", "edge-device/src", "hsm/src", "security/src", "dev-stack/src", "deploy/src", "terraform/validate", "verification"];

/**
 * vitest's arguments for a coverage run over `paths` (all of the core project when empty).
 *
 * @example
 * coverageArgs(["shared/src/merkle"]).includes("--coverage.include=shared/src/merkle/**\/*.ts"); // true
 */
export function coverageArgs(paths: readonly string[]): string[] {
  const sources = paths.length > 0 ? paths.map((p) => p.replace(/\/$/, "")) : CORE_SOURCES;
  return [
    "vitest", "run", "--project", "core",
    "--coverage.enabled", "--coverage.provider=v8",
    "--coverage.reporter=json-summary", "--coverage.reporter=text-summary",
    "--coverage.reportsDirectory=coverage", "--coverage.reportOnFailure",
    // Instrumented code runs slower; a timeout is not what a coverage run measures.
    "--testTimeout=60000",
    ...sources.map((s) => `--coverage.include=${s}/**/*.ts`),
    "--coverage.exclude=**/*.test.ts", "--coverage.exclude=**/testing/**", "--coverage.exclude=**/node_modules/**",
    ...paths,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const paths = process.argv.slice(2);
  const started = Date.now();
  const run = spawnSync("npx", coverageArgs(paths), { cwd: root, stdio: "inherit" });
  const seconds = Math.round((Date.now() - started) / 1000);
  const summary = JSON.parse(readFileSync(`${root}coverage/coverage-summary.json`, "utf8")) as { total: Record<string, { total: number; covered: number; pct: number }> };
  const total = Object.fromEntries(["statements", "branches", "functions", "lines"].map((k) => [k, { covered: summary.total[k]!.covered, total: summary.total[k]!.total, pct: summary.total[k]!.pct }]));
  const scope = paths.length > 0 ? `core project tests and sources under ${paths.map((p) => `\`${p}\``).join(", ")}` : "the whole core project";
  mkdirSync(`${root}bench/results`, { recursive: true });
  writeFileSync(`${root}${COVERAGE_JSON_PATH}`, `${JSON.stringify({ tool: "@vitest/coverage-v8", scope, tests_exit_code: run.status, duration_s: seconds, measured_at: new Date().toISOString(), mcdc: "not measured", total }, null, 2)}\n`);
  writeFileSync(`${root}${TRACE_DOC_PATH}`, renderTraceDoc(buildTrace(REQUIREMENTS, scanRepository(root).tests), readCoverage(root)));
  console.log(`wrote ${COVERAGE_JSON_PATH} (${scope}, ${seconds} s; branches ${total.branches!.pct}%, statements ${total.statements!.pct}%) and refreshed ${TRACE_DOC_PATH}`);
  if (run.status !== 0) process.exit(run.status ?? 1);
}
