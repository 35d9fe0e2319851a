/**
 * Requirement traceability cannot drift: every requirement (compliance control with a live check, safety
 * property, product requirement) has at least one test annotated `// @req <ID>`, every annotation names a known
 * requirement and sits above a test, and docs/TRACEABILITY.md and docs/traceability.json are what
 * `npm run trace:doc` writes. Whether the annotated tests passed is `npm run trace:check`'s job (after the suites).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CONTROLS } from "@nethical/core/compliance/controls.ts";
import { controlRequirementId, REQUIREMENTS, safetyRequirementId } from "./requirements.ts";
import { SAFETY_PROPERTIES } from "./safety-properties.ts";
import { requirementStatuses, type VitestJsonReport } from "./trace-check.ts";
import { buildTrace, readCoverage, renderTraceDoc, renderTraceJson, TRACE_DOC_PATH, TRACE_JSON_PATH, traceProblems } from "./trace-doc.ts";
import { parseAnnotations, scanRepository, titlePattern } from "./trace-scan.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const scanned = scanRepository(root);

describe("requirement traceability", () => {
  it("lists every compliance control and safety property (imported, not copied), with unique ids", () => {
    const ids = REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CONTROLS) expect(ids).toContain(controlRequirementId(c.id));
    for (const p of SAFETY_PROPERTIES) expect(ids).toContain(safetyRequirementId(p.id));
    expect(ids.filter((id) => id.startsWith("REQ-")).length).toBeGreaterThan(0);
  });

  it("every requirement has an annotated test (manual controls excepted); no annotation names an unknown requirement or sits above no test", () => {
    expect(traceProblems(REQUIREMENTS, scanned.tests, scanned.dangling)).toEqual({ uncovered: [], unknown: [], dangling: [] });
  });

  it("docs/TRACEABILITY.md and docs/traceability.json are current (run `npm run trace:doc`)", () => {
    const trace = buildTrace(REQUIREMENTS, scanned.tests);
    expect(readFileSync(`${root}${TRACE_DOC_PATH}`, "utf8")).toBe(renderTraceDoc(trace, readCoverage(root)));
    expect(readFileSync(`${root}${TRACE_JSON_PATH}`, "utf8")).toBe(renderTraceJson(trace));
  });

  it("reads annotations: several ids, lines stacked above, other comments between, a title on the next line, a dangling one", () => {
    const text = [
      "describe('x', () => {",
      "  // @req REQ-A, REQ-B",
      "  // @req SAFETY-P1",
      "  // an ordinary comment",
      "  it.skipIf(false)('does a', () => {});",
      "  // @req REQ-C",
      "  it(",
      "    `runs ${n} times`,",
      "    () => {},",
      "  );",
      "  // @req REQ-D",
      "  const notATest = 1;",
      "});",
    ].join("\n");
    const { tests, dangling } = parseAnnotations("x.test.ts", text);
    expect(tests.map((t) => [t.requirement, t.line, t.name])).toEqual([
      ["REQ-A", 5, "does a"],
      ["REQ-B", 5, "does a"],
      ["SAFETY-P1", 5, "does a"],
      ["REQ-C", 7, "runs ${n} times"],
    ]);
    expect(dangling).toEqual([{ file: "x.test.ts", line: 11, ids: ["REQ-D"] }]);
  });

  it("the existence check can fail: a requirement whose annotations are removed, and an unknown id", () => {
    const [first] = REQUIREMENTS.filter((r) => r.manual === undefined);
    const without = scanned.tests.filter((t) => t.requirement !== first!.id);
    const typo = [...scanned.tests, { requirement: "REQ-NOBODY-WROTE-THIS", file: "x.test.ts", line: 3, name: "n" }];
    expect(traceProblems(REQUIREMENTS, without, []).uncovered).toEqual([first!.id]);
    expect(traceProblems(REQUIREMENTS, typo, []).unknown).toEqual([{ id: "REQ-NOBODY-WROTE-THIS", file: "x.test.ts", line: 3 }]);
  });

  it("a requirement fails when an annotated test failed, was skipped or did not run; passes when all passed", () => {
    const req = [{ id: "REQ-T", source: "product" as const, title: "t", statement: "s" }];
    const tests = [
      { requirement: "REQ-T", file: "shared/a.test.ts", line: 1, name: "first" },
      { requirement: "REQ-T", file: "shared/a.test.ts", line: 9, name: "loop ${i}" },
    ];
    const report = (first: string, loop: string[]): VitestJsonReport => ({
      testResults: [{ name: `${root}shared/a.test.ts`, assertionResults: [{ title: "first", status: first }, ...loop.map((status, i) => ({ title: `loop ${i}`, status }))] }],
    });
    const status = (r: VitestJsonReport) => requirementStatuses(req, tests, { core: r }, root)[0]!;
    expect(status(report("passed", ["passed", "passed"]))).toMatchObject({ status: "passed", tests: [{ status: "passed", runs: 1 }, { status: "passed", runs: 2 }] });
    expect(status(report("passed", ["passed", "failed"])).tests[1]).toMatchObject({ status: "failed" });
    expect(status(report("skipped", ["passed"]))).toMatchObject({ status: "failing", tests: [{ status: "skipped" }, { status: "passed" }] });
    expect(status(report("passed", []))).toMatchObject({ status: "failing", tests: [{ status: "passed" }, { status: "not_run" }] });
    expect(requirementStatuses(req, tests, {}, root)[0]).toMatchObject({ status: "failing", tests: [{ status: "not_run" }, { status: "not_run" }] });
  });

  it("matches a template-literal title against the titles vitest reports", () => {
    expect(titlePattern("survives ${KILLS} kills at random moments").test("survives 50 kills at random moments")).toBe(true);
    expect(titlePattern("a (b) [c] ${x}: d.").test("a (b) [c] 7: d.")).toBe(true);
    expect(titlePattern("is deterministic").test("is deterministic and bounded")).toBe(false);
  });

  it("docs/FMEA.md cites only files that exist (the code that mitigates, the tests that show it)", () => {
    const fmea = readFileSync(`${root}docs/FMEA.md`, "utf8");
    const cited = [...new Set([...fmea.matchAll(/`((?:edge-device|shared|verification|workers|durable-objects)\/[\w./-]+\.ts)`/g)].map((m) => m[1]!))];
    expect(cited.length).toBeGreaterThan(20);
    expect(cited.filter((f) => !existsSync(`${root}${f}`))).toEqual([]);
  });
});
