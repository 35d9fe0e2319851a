/**
 * The package-boundary lint (`npm run lint:deps`, dependency-cruiser with .dependency-cruiser.cjs) catches
 * what it is there for — a relative import that leaves its package and a Node built-in in the core — on a
 * small planted tree, and finds nothing on the repository itself.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");
const DEPCRUISE = join(ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruiser.mjs");

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function cruise(cwd: string, dirs: string[]): Violation[] {
  const run = spawnSync(process.execPath, [DEPCRUISE, ...dirs, "--config", CONFIG, "--output-type", "json"], { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.stdout.trim() === "") throw new Error(`depcruise printed nothing (exit ${run.status}): ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const planted = mkdtempSync(join(tmpdir(), "nethical-boundaries-"));
afterAll(() => rmSync(planted, { recursive: true, force: true }));

function plant(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(planted, path)), { recursive: true });
    writeFileSync(join(planted, path), text);
  }
}

describe("package boundaries (dependency-cruiser)", () => {
  it("fails on a planted relative import across packages and on node:fs in the core", () => {
    plant({
      "package.json": JSON.stringify({ name: "planted", private: true, workspaces: ["shared", "workers", "durable-objects"] }),
      "shared/package.json": JSON.stringify({ name: "@nethical/core", type: "module" }),
      "shared/src/clean.ts": "export const one = 1;\n",
      "shared/src/reads-files.ts": 'import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n',
      "workers/package.json": JSON.stringify({ name: "@nethical/workers", type: "module" }),
      "workers/src/route.ts": 'import { cache } from "../../durable-objects/src/cache.ts";\nexport const route = cache;\n',
      "durable-objects/package.json": JSON.stringify({ name: "@nethical/durable-objects", type: "module" }),
      "durable-objects/src/cache.ts": "export const cache = new Map<string, string>();\n",
    });
    const found = cruise(planted, ["shared", "workers", "durable-objects"]).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found).toContain("relative-import-leaves-package: workers/src/route.ts → durable-objects/src/cache.ts");
    expect(found.some((f) => f.startsWith("core-imports-a-runtime: shared/src/reads-files.ts →"))).toBe(true);
    expect(found.some((f) => f.includes("shared/src/clean.ts"))).toBe(false);
  });

  it("passes on the repository", () => {
    const packages = ["shared", "http", "workers", "durable-objects", "cli", "db", "edge-device", "dev-stack", "bench", "security"];
    expect(cruise(ROOT, packages)).toEqual([]);
  }, 60_000);
});
