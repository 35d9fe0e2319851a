/**
 * The README's dependency table ("Dependencies, and why each is there") matches the package.json files:
 * every package declared by the root or a workspace (workspace packages aside) has a row, every row is
 * declared somewhere, "used by" names each folder that declares it, and the licence is the installed
 * package's `license`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

interface Row {
  name: string;
  licence: string;
  usedBy: string;
}

/** The rows of the table under "### Dependencies, and why each is there". */
function dependencyTable(readme: string): Row[] {
  const section = readme.split(/^#{2,3} /m).find((s) => s.startsWith("Dependencies, and why each is there"));
  if (section === undefined) throw new Error('README has no "Dependencies, and why each is there" section');
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [name = "", licence = "", usedBy = ""] = line.slice(2, -2).split(" | ");
      return { name: name.replace(/`/g, ""), licence, usedBy };
    });
}

const manifest = (folder: string) =>
  JSON.parse(readFileSync(join(ROOT, folder, "package.json"), "utf8")) as { workspaces?: string[]; license?: string } & Record<string, Record<string, string> | undefined>;

/** package → the folders ("root" for the repository's own package.json) that declare it. */
function declared(): Map<string, string[]> {
  const byPackage = new Map<string, string[]>();
  for (const folder of [".", ...(manifest(".").workspaces ?? [])]) {
    const m = manifest(folder);
    const names = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"].flatMap((field) => Object.keys(m[field] ?? {}));
    for (const name of new Set(names)) {
      if (name.startsWith("@nethical/")) continue;
      byPackage.set(name, [...(byPackage.get(name) ?? []), folder === "." ? "root" : folder]);
    }
  }
  return byPackage;
}

/** The installed package's `license` (hoisted to the root, or kept in the declaring workspace's node_modules). */
function installedLicence(name: string, folders: string[]): string | undefined {
  for (const base of [".", ...folders.filter((f) => f !== "root")]) {
    const path = join(ROOT, base, "node_modules", name, "package.json");
    if (existsSync(path)) return manifest(join(base, "node_modules", name)).license;
  }
  return undefined;
}

const rows = dependencyTable(readFileSync(join(ROOT, "README.md"), "utf8"));
const packages = declared();

describe("README dependency table", () => {
  it("has one row per declared package and no row for a package nobody declares", () => {
    expect([...packages.keys()].filter((name) => !rows.some((r) => r.name === name))).toEqual([]);
    expect(rows.filter((r) => !packages.has(r.name)).map((r) => r.name)).toEqual([]);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it("names under 'used by' every folder that declares the package", () => {
    for (const row of rows) {
      const cells = row.usedBy.split(", ").map((cell) => cell.replace(/ \(dev\)$/, ""));
      expect(cells.sort(), row.name).toEqual([...(packages.get(row.name) ?? [])].sort());
    }
  });

  it("gives each package the licence it is published under", () => {
    for (const row of rows) expect(row.licence, row.name).toBe(installedLicence(row.name, packages.get(row.name) ?? []));
  });

  it("reads a table row's cells", () => {
    expect(dependencyTable("### Dependencies, and why each is there\n\n| package | licence | used by | why |\n|---|---|---|---|\n| `ws` | MIT | db, bench (dev) | sockets |\n\n## Next")).toEqual([
      { name: "ws", licence: "MIT", usedBy: "db, bench (dev)" },
    ]);
  });
});
