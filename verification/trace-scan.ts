/**
 * Finds requirement annotations in test files. The convention: one or more comment lines
 * `// @req <ID> [<ID> …]` directly above an `it(`/`test(` call (other comment lines may sit between them);
 * the annotation names that test. It is a comment, so it changes nothing about how the test runs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** One annotated test. `name` is the test's title as written (a template literal keeps its `${…}`). */
export interface AnnotatedTest {
  requirement: string;
  file: string;
  /** 1-based line of the `it(`/`test(` call. */
  line: number;
  name: string;
}

/** An annotation that is not followed by a test call (a mistake the check reports). */
export interface DanglingAnnotation {
  file: string;
  line: number;
  ids: string[];
}

const ANNOTATION = /^\s*\/\/\s*@req\s+(.+?)\s*$/;
const ID = /^[A-Za-z][A-Za-z0-9-]*$/;
/** `it(`, `test(`, `it.skipIf(x)(`, `test.concurrent(`, … then the title literal (possibly on the next line). */
const TEST_CALL = /^\s*(?:it|test)\b(?:\.\w+(?:\([^)]*\))?)*\(\s*(?:(["'`])((?:\\.|(?!\1)[^\\])*)\1)?/;
const TITLE_ON_NEXT_LINE = /^\s*(["'`])((?:\\.|(?!\1)[^\\])*)\1/;

/**
 * The annotated tests and dangling annotations of one file's text.
 *
 * @example
 * parseAnnotations("a.test.ts", '// @req REQ-X\nit("does x", () => {});').tests;
 * // [{ requirement: "REQ-X", file: "a.test.ts", line: 2, name: "does x" }]
 */
export function parseAnnotations(file: string, text: string): { tests: AnnotatedTest[]; dangling: DanglingAnnotation[] } {
  const lines = text.split("\n");
  const tests: AnnotatedTest[] = [];
  const dangling: DanglingAnnotation[] = [];
  let pending = null as { line: number; ids: string[] } | null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const annotation = ANNOTATION.exec(line);
    if (annotation !== null) {
      const ids = annotation[1]!.split(/[\s,]+/).filter((s) => s !== "");
      pending = pending === null ? { line: i + 1, ids } : { line: pending.line, ids: [...pending.ids, ...ids] };
      continue;
    }
    if (pending === null) continue;
    if (/^\s*\/\//.test(line)) continue;
    const call = TEST_CALL.exec(line);
    const title = call === null ? undefined : (call[2] ?? TITLE_ON_NEXT_LINE.exec(lines[i + 1] ?? "")?.[2]);
    if (call !== null && title !== undefined) {
      for (const requirement of pending.ids) tests.push({ requirement, file, line: i + 1, name: title });
    } else {
      dangling.push({ file, line: pending.line, ids: pending.ids });
    }
    pending = null;
  }
  if (pending !== null) dangling.push({ file, line: pending.line, ids: pending.ids });
  return { tests, dangling };
}

/** Whether a string has the shape of a requirement id. */
export const isRequirementId = (id: string): boolean => ID.test(id);

const SKIP_DIRS = new Set(["node_modules", ".git", ".wrangler", ".dev", "coverage", "test-results"]);

/**
 * Every `*.test.ts` file under `root` (repository-relative, sorted), node_modules and build output skipped.
 *
 * @example
 * testFiles("/work/main").includes("verification/safety-doc.test.ts"); // true
 */
export function testFiles(root: string, dir: string = root): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...testFiles(root, join(dir, entry.name)));
    } else if (entry.name.endsWith(".test.ts")) {
      out.push(relative(root, join(dir, entry.name)));
    }
  }
  return out.sort();
}

/**
 * Scans every test file of the repository.
 *
 * @example
 * scanRepository("/work/main").tests.filter((t) => t.requirement === "SAFETY-P1").length > 0; // true
 */
export function scanRepository(root: string): { tests: AnnotatedTest[]; dangling: DanglingAnnotation[] } {
  const tests: AnnotatedTest[] = [];
  const dangling: DanglingAnnotation[] = [];
  for (const file of testFiles(root)) {
    const parsed = parseAnnotations(file, readFileSync(join(root, file), "utf8"));
    tests.push(...parsed.tests);
    dangling.push(...parsed.dangling);
  }
  return { tests, dangling };
}

/**
 * A test title as written (a template literal may hold `${…}`) as a pattern matching the title vitest reports.
 *
 * @example
 * titlePattern("survives ${KILLS} kills").test("survives 50 kills"); // true
 */
export function titlePattern(name: string): RegExp {
  const parts = name.split(/\$\{[^}]*\}/).map((p) => p.replace(/\\(["'`\\])/g, "$1").replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".+")}$`);
}
