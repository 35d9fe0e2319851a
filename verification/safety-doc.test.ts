/**
 * docs/SAFETY.md cannot drift: it must be exactly what verification/safety-properties.ts generates, every cited
 * file must exist, and every cited test name must be written in its test file (or, for test names built from
 * data, in the file that holds that data).
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SAFETY_PROPERTIES } from "./safety-properties.ts";
import { missingTests, renderSafetyDoc, SAFETY_DOC_PATH } from "./safety-doc.ts";

const root = new URL("..", import.meta.url);
const read = (file: string): string => readFileSync(new URL(file, root), "utf8");
const readIfExists = (file: string): string | null => (existsSync(new URL(file, root)) ? read(file) : null);

describe("docs/SAFETY.md", () => {
  it("is the generated text of verification/safety-properties.ts (run `npm run safety:doc` after changing it)", () => {
    expect(read(SAFETY_DOC_PATH)).toBe(renderSafetyDoc(SAFETY_PROPERTIES));
  });

  it("cites only files that exist", () => {
    const cited = SAFETY_PROPERTIES.flatMap((p) => [p.proof, p.modelCheck, p.monitor].flatMap((e) => [...(e?.files ?? []), ...(e?.tests ?? []).flatMap((t) => [t.file, ...(t.definedIn ?? [])])]).concat(p.tests.map((t) => t.file)));
    expect(cited.filter((f) => !existsSync(new URL(f, root)))).toEqual([]);
  });

  it("cites only tests whose names are written in their files", () => {
    expect(missingTests(SAFETY_PROPERTIES, readIfExists)).toEqual([]);
  });

  it("the checks can fail: a renamed test, a test in the wrong file and an edited doc are caught", () => {
    const [first] = SAFETY_PROPERTIES;
    if (first === undefined || first.monitor === null) throw new Error("P1 has a monitor");
    const renamed = { ...first, monitor: { ...first.monitor, tests: [{ file: first.monitor.tests[0]!.file, name: "a test nobody wrote" }] } };
    const moved = { ...first, tests: [{ file: "verification/safety-doc.test.ts", name: first.tests[0]!.name }] };
    expect(missingTests([renamed, moved], readIfExists)).toEqual([`${first.monitor.tests[0]!.file} › a test nobody wrote`, `verification/safety-doc.test.ts › ${first.tests[0]!.name}`]);
    expect(renderSafetyDoc([renamed])).not.toBe(renderSafetyDoc([first]));
  });

  it("says for every property and every kind of evidence either what covers it or why nothing does", () => {
    for (const p of SAFETY_PROPERTIES) {
      const uncovered = [p.proof, p.modelCheck, p.monitor].filter((e) => e === null).length;
      if (uncovered > 0) expect(p.gaps.length, `${p.id} has uncovered evidence but no gap stated`).toBeGreaterThan(0);
      for (const e of [p.proof, p.modelCheck, p.monitor]) if (e !== null) expect(e.tests.length, `${p.id}: evidence without tests`).toBeGreaterThan(0);
    }
    expect(new Set(SAFETY_PROPERTIES.map((p) => p.id)).size).toBe(SAFETY_PROPERTIES.length);
  });
});
