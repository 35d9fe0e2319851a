/**
 * The README's folder map ("Where things live") matches the tree: every workspace package has a row with
 * its package name, every folder the repository tracks at the top level has a row (itself or a subfolder),
 * every row's folder exists, and the "may use" column names every workspace package a package declares in
 * its package.json (which the boundary lint, boundaries.test.ts, holds its imports to).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

interface Row {
  folder: string;
  pkg: string;
  mayUse: string;
}

/** The rows of the table under "## Where things live", before its subsections (folder without its trailing slash). */
function folderMap(readme: string): Row[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith("Where things live"));
  if (section === undefined) throw new Error('README has no "Where things live" section');
  return (section.split(/^### /m)[0] ?? "")
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const cells = line.split(" | ").map((c) => c.replace(/^\| /, "").replace(/ \|$/, "").trim());
      return { folder: (cells[0] ?? "").replace(/`/g, "").replace(/\/$/, ""), pkg: (cells[1] ?? "").replace(/`/g, ""), mayUse: cells.at(-1) ?? "" };
    });
}

interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifest = (folder: string): Manifest => JSON.parse(readFileSync(join(ROOT, folder, "package.json"), "utf8")) as Manifest;

/** "@nethical/durable-objects" → "durable-objects", as the "may use" column names packages. */
const shortName = (pkg: string) => pkg.replace(/^@nethical\//, "");

const rows = folderMap(readFileSync(join(ROOT, "README.md"), "utf8"));
const workspaces = manifest(".").workspaces ?? [];

describe("README folder map", () => {
  it("has a row for every workspace package, with its package name", () => {
    for (const folder of workspaces) {
      const row = rows.find((r) => r.folder === folder);
      expect(row, `no row for ${folder}/`).toBeDefined();
      expect(row?.pkg, folder).toBe(manifest(folder).name);
    }
  });

  it("covers every folder the repository tracks at the top level, and names only folders that exist", () => {
    const tracked = new Set(
      execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" })
        .split("\n")
        .filter((path) => path.includes("/") && !path.startsWith("."))
        .map((path) => path.slice(0, path.indexOf("/"))),
    );
    for (const top of tracked) expect(rows.some((r) => r.folder === top || r.folder.startsWith(`${top}/`)), `no row for ${top}/`).toBe(true);
    for (const row of rows) expect(existsSync(join(ROOT, row.folder)), `${row.folder}/ does not exist`).toBe(true);
  });

  it("names in 'may use' every workspace package a package declares", () => {
    for (const folder of workspaces) {
      const m = manifest(folder);
      const declared = Object.keys({ ...m.dependencies, ...m.devDependencies, ...m.optionalDependencies, ...m.peerDependencies }).filter((d) => d.startsWith("@nethical/"));
      const mayUse = rows.find((r) => r.folder === folder)?.mayUse ?? "";
      for (const dep of declared) expect(mayUse, `${folder}/ declares ${dep}`).toMatch(new RegExp(`(^|[^a-z-])${shortName(dep)}([^a-z-]|$)`));
    }
  });

  it("reads a table row's cells", () => {
    expect(folderMap("## Where things live\n\n| folder | package | what | may use |\n|---|---|---|---|\n| `sdk/typescript/` | `@nethical/client` | the client | core; openapi-fetch |\n\n### Sub\n| `x/` | y | z | w |\n\n## Next\n| `x/` | y | z | w |")).toEqual([
      { folder: "sdk/typescript", pkg: "@nethical/client", mayUse: "core; openapi-fetch" },
    ]);
  });
});
