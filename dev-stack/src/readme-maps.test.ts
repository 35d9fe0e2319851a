/**
 * The READMEs that map tests and routes, as the root README says they do: workers/README.md writes out each
 * method and path of the committed OpenAPI document (workers/openapi.json, which
 * workers/src/openapi/committed-document.test.ts holds equal to what the Worker serves), and each README in
 * {@link TEST_MAPS} names every tracked `*.test.ts` of its folders (by file name, or its folder as
 * `queue/*.test.ts`).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** README → the folders whose test files it maps (the list in the root README's "Tests" section). */
const TEST_MAPS: Record<string, string[]> = {
  "workers/README.md": ["workers/src", "durable-objects/src"],
  "edge-device/README.md": ["edge-device"],
  "shared/src/detectors/README.md": ["shared/src/detectors"],
  "shared/src/merkle/README.md": ["shared/src/merkle"],
  "shared/src/crdt/README.md": ["shared/src/crdt"],
  "docs/audit.md": ["shared/src/audit"],
};

/** Every `METHOD /path` in backticks (a query string dropped); path parameters keep their names. */
function documentedRoutes(text: string): Set<string> {
  return new Set([...text.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`?\s]*)[^`]*`/g)].map((m) => `${m[1]} ${m[2]}`));
}

/** Is the test file at `path` (repository-relative) named in `text`, by file name or as `<folder>/*.test.ts`? */
function mentionsTest(text: string, path: string): boolean {
  const parts = path.split("/");
  return text.includes(parts.at(-1) ?? path) || text.includes(`${parts.at(-2)}/*.test.ts`);
}

describe("README maps of routes and tests", () => {
  it("workers/README.md writes out every route of the OpenAPI document", () => {
    const doc = JSON.parse(readFileSync(join(ROOT, "workers", "openapi.json"), "utf8")) as { paths: Record<string, Record<string, unknown>> };
    const documented = documentedRoutes(read("workers/README.md"));
    const missing = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`)).filter((route) => !documented.has(route));
    expect(missing).toEqual([]);
  });

  it.each(Object.entries(TEST_MAPS))("%s names every test file of %j", (readme, folders) => {
    const tests = execFileSync("git", ["ls-files", ...folders], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter((path) => path.endsWith(".test.ts"));
    expect(tests.length).toBeGreaterThan(0);
    const text = read(readme);
    expect(tests.filter((path) => !mentionsTest(text, path))).toEqual([]);
  });

  it("reads routes and test names the way the tables write them", () => {
    expect([...documentedRoutes("| `GET /v2/decisions?agent_id=` | `POST /v2/a/{id}/b`, `…/c` |")]).toEqual(["GET /v2/decisions", "POST /v2/a/{id}/b"]);
    expect(mentionsTest("unit tests (`queue/*.test.ts`)", "workers/src/queue/db-breaker.test.ts")).toBe(true);
    expect(mentionsTest("`workers/src/batch.test.ts`", "workers/src/fairness.test.ts")).toBe(false);
  });
});
