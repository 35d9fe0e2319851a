/**
 * The Python client's unit tests (`python3 -m unittest discover -s sdk/python/tests`), run from vitest so
 * `npm test` runs them: exit code 0, and as many tests ran as the test modules define (a module that
 * failed to import or was skipped would lower the count). And the committed cross-language audit fixture
 * is exactly what the core builds today (canonical JSON, leaf hashes, signed heads, proofs).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildAuditFixture } from "./tests/fixtures/audit-fixture.ts";

const HERE = import.meta.dirname;
const TESTS = join(HERE, "tests");

/** `def test_…` methods in the unit test modules (test_*.py; the e2e module is run by its own file). */
function definedTests(): number {
  return readdirSync(TESTS)
    .filter((f) => /^test_.*\.py$/.test(f))
    .reduce((n, f) => n + (readFileSync(join(TESTS, f), "utf8").match(/^\s+def test_\w+\(/gm)?.length ?? 0), 0);
}

describe("Python client (sdk/python)", () => {
  it("passes its unit tests under python3, standard library only", () => {
    const run = spawnSync("python3", ["-m", "unittest", "discover", "-s", TESTS], { cwd: HERE, encoding: "utf8", timeout: 120_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    const ran = Number(/Ran (\d+) tests?/.exec(run.stderr)?.[1] ?? -1);
    expect(run.status, run.stderr).toBe(0);
    expect(ran).toBe(definedTests());
    expect(ran).toBeGreaterThanOrEqual(30);
  }, 130_000);

  it("tests against the audit fixture the core builds today", async () => {
    expect(readFileSync(join(TESTS, "fixtures", "audit-fixture.json"), "utf8")).toBe(await buildAuditFixture());
  });
});
