/**
 * `npm run trace:check`: after the suites ran with vitest's JSON reporter (`npm test` writes
 * test-results/vitest-core.json and test-results/vitest-workers.json), every requirement must have all its
 * annotated tests passed. A requirement fails when one of its tests failed, was skipped, or is not in the
 * results (did not run); exit 1 then, and when a results file is missing. Writes
 * test-results/traceability-status.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { REQUIREMENTS, type Requirement } from "./requirements.ts";
import { projectOf } from "./safety-doc.ts";
import { scanRepository, titlePattern, type AnnotatedTest } from "./trace-scan.ts";

/** The part of vitest's JSON report this reads. */
export interface VitestJsonReport {
  testResults: { name: string; assertionResults: { title: string; fullName?: string; status: string }[] }[];
}

export type TestStatus = "passed" | "failed" | "skipped" | "not_run";

export interface RequirementStatus {
  id: string;
  status: "passed" | "failing" | "manual";
  tests: { file: string; name: string; status: TestStatus; runs: number }[];
}

/**
 * The status of one annotated test in a report (`null`: no report for its project). A title written with
 * `${…}` may match several runs (a test in a loop): any failure fails it, any skip skips it.
 *
 * @example
 * testStatus({ file: "a.test.ts", name: "x", requirement: "R", line: 1 }, report, "/repo"); // { status: "passed", runs: 1 }
 */
export function testStatus(test: AnnotatedTest, report: VitestJsonReport, root: string): { status: TestStatus; runs: number } {
  const pattern = titlePattern(test.name);
  const runs = report.testResults
    .filter((f) => relative(root, f.name) === test.file || f.name === test.file)
    .flatMap((f) => f.assertionResults.filter((a) => pattern.test(a.title)));
  if (runs.length === 0) return { status: "not_run", runs: 0 };
  if (runs.some((r) => r.status === "failed")) return { status: "failed", runs: runs.length };
  if (runs.some((r) => r.status !== "passed")) return { status: "skipped", runs: runs.length };
  return { status: "passed", runs: runs.length };
}

/**
 * Each requirement's status from its annotated tests and the projects' reports.
 *
 * @example
 * requirementStatuses(REQUIREMENTS, tests, { core, workers }, root).filter((r) => r.status === "failing"); // []
 */
export function requirementStatuses(
  requirements: readonly Requirement[],
  tests: readonly AnnotatedTest[],
  reports: Partial<Record<"core" | "workers", VitestJsonReport>>,
  root: string,
): RequirementStatus[] {
  return requirements.map((r) => {
    const mine = tests.filter((t) => t.requirement === r.id);
    const statuses = mine.map((t) => {
      const report = reports[projectOf(t.file)];
      const s = report === undefined ? { status: "not_run" as const, runs: 0 } : testStatus(t, report, root);
      return { file: t.file, name: t.name, ...s };
    });
    if (r.manual !== undefined && mine.length === 0) return { id: r.id, status: "manual", tests: [] };
    const passed = statuses.length > 0 && statuses.every((s) => s.status === "passed");
    return { id: r.id, status: passed ? "passed" : "failing", tests: statuses };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const reports: Partial<Record<"core" | "workers", VitestJsonReport>> = {};
  const missing: string[] = [];
  for (const project of ["core", "workers"] as const) {
    const file = `${root}test-results/vitest-${project}.json`;
    if (existsSync(file)) reports[project] = JSON.parse(readFileSync(file, "utf8")) as VitestJsonReport;
    else missing.push(relative(root, file));
  }
  const statuses = requirementStatuses(REQUIREMENTS, scanRepository(root).tests, reports, root);
  mkdirSync(`${root}test-results`, { recursive: true });
  writeFileSync(`${root}test-results/traceability-status.json`, `${JSON.stringify({ missing_reports: missing, requirements: statuses }, null, 2)}\n`);
  for (const s of statuses) {
    const counts = s.tests.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.status]: (acc[t.status] ?? 0) + 1 }), {});
    console.log(`${s.status === "failing" ? "FAIL" : s.status === "manual" ? "MANUAL" : "ok  "} ${s.id} ${JSON.stringify(counts)}`);
    for (const t of s.tests.filter((t) => t.status !== "passed")) console.log(`       ${t.status}: ${t.file} › ${t.name}`);
  }
  if (missing.length > 0) console.log(`missing vitest JSON reports: ${missing.join(", ")} (run the suites with --reporter=json first)`);
  const failing = statuses.filter((s) => s.status === "failing").length;
  console.log(`${statuses.length} requirements: ${statuses.filter((s) => s.status === "passed").length} passed, ${failing} failing, ${statuses.filter((s) => s.status === "manual").length} manual`);
  if (failing > 0 || missing.length > 0) process.exit(1);
}
