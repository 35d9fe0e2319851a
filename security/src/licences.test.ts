/**
 * The licence check: SPDX expressions against the allowed set, and on a planted project whose
 * node_modules holds a GPL package, through the real pipeline (cyclonedx-npm makes the SBOM from the
 * installed packages, then the licence step reads it), in its own process.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ALLOWED, checkLicences, componentsOf, satisfies } from "./licences.ts";

const RUN = join(import.meta.dirname, "run.ts");
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

const review = { reason: "linked only at build time; reviewed with legal", reviewed_by: "test", reviewed_on: "2026-01-01", expires: "2999-12-31" };

describe("licence expressions", () => {
  it("OR needs one allowed side, AND needs both; WITH and unknown ids need review", () => {
    expect(satisfies("MIT", ALLOWED)).toBe(true);
    expect(satisfies("(MIT OR Apache-2.0)", ALLOWED)).toBe(true);
    expect(satisfies("MIT OR GPL-3.0-only", ALLOWED)).toBe(true);
    expect(satisfies("MIT AND GPL-3.0-only", ALLOWED)).toBe(false);
    expect(satisfies("GPL-2.0-only WITH Classpath-exception-2.0", ALLOWED)).toBe(false);
    expect(satisfies("(MIT AND (BSD-3-Clause OR LGPL-2.1-or-later))", ALLOWED)).toBe(true);
    expect(satisfies("Apache-2.0+", ALLOWED)).toBe(true);
    expect(satisfies("SEE LICENSE IN LICENSE.txt", ALLOWED)).toBe(false);
    expect(satisfies("(MIT", ALLOWED)).toBe(false);
    expect(satisfies("", ALLOWED)).toBe(false);
  });
});

describe("licence check on a dependency list", () => {
  const deps = [
    { name: "ok-thing", version: "1.0.0", licence: "MIT" },
    { name: "gpl-thing", version: "2.1.0", licence: "GPL-3.0-only" },
    { name: "no-licence", version: "0.1.0", licence: "" },
    { name: "@nethical/core", version: "0.1.0", licence: "" },
  ];

  it("fails a GPL package and one with no licence; first-party packages are not checked", () => {
    const r = checkLicences(deps, [], new Set(["@nethical/core"]), "2026-12-05");
    expect(r.failures).toEqual(["gpl-thing@2.1.0: GPL-3.0-only", "no-licence@0.1.0: no licence declared"]);
    expect(r.checked).toBe(3);
  });

  it("an allowlist entry accepts exactly that package, version and licence, until it expires", () => {
    const entry = { package: "gpl-thing", version: "2.1.0", licence: "GPL-3.0-only", ...review };
    expect(checkLicences(deps.slice(0, 2), [entry], new Set(), "2026-12-05").failures).toEqual([]);
    expect(checkLicences(deps.slice(0, 2), [{ ...entry, version: "2.0.0" }], new Set(), "2026-12-05").failures).toEqual(["gpl-thing@2.1.0: GPL-3.0-only"]);
    const expired = checkLicences(deps.slice(0, 2), [{ ...entry, expires: "2026-12-04" }], new Set(), "2026-12-05");
    expect(expired.failures).toEqual(["gpl-thing@2.1.0: GPL-3.0-only"]);
    expect(expired.badEntries).toEqual(["licence allowlist entry 0 (gpl-thing@2.1.0): expired on 2026-12-04"]);
  });

  it("reads nested SBOM components and joins several licence entries with AND", () => {
    const bom = {
      components: [
        { name: "a", version: "1", licenses: [{ license: { id: "MIT" } }, { license: { name: "Custom" } }], components: [{ group: "@s", name: "b", version: "2", licenses: [{ expression: "MIT OR Apache-2.0" }] }] },
      ],
    };
    expect(componentsOf(bom)).toEqual([
      { name: "a", version: "1", licence: "(MIT) AND (Custom)" },
      { name: "@s/b", version: "2", licence: "MIT OR Apache-2.0" },
    ]);
  });
});

/** A project with installed packages, as `npm install` would leave it (no network needed). */
function project(packages: Record<string, string>, allow: unknown[]): string {
  const root = mkdtempSync(join(tmpdir(), "nethical-licences-"));
  temps.push(root);
  const dependencies = Object.fromEntries(Object.keys(packages).map((n) => [n, "1.0.0"]));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "planted-app", version: "1.0.0", private: true, dependencies }));
  for (const [name, license] of Object.entries(packages)) {
    mkdirSync(join(root, "node_modules", name), { recursive: true });
    writeFileSync(join(root, "node_modules", name, "package.json"), JSON.stringify({ name, version: "1.0.0", license }));
  }
  mkdirSync(join(root, "security", "allowlists"), { recursive: true });
  writeFileSync(join(root, "security", "allowlists", "licences.json"), JSON.stringify({ entries: allow }));
  return root;
}

function pipeline(root: string): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [RUN, "--root", root, "--steps", "sbom,licences", "--workspaces", ""], { encoding: "utf8" });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe("sbom + licences on an installed project (real cyclonedx-npm)", () => {
  it("a GPL package in node_modules fails; allowlisted with a reason it passes", () => {
    const root = project({ "plain-thing": "MIT", "copyleft-thing": "GPL-3.0-only" }, []);
    let { status, out } = pipeline(root);
    expect(out).toContain("== security sbom: ok");
    const bom = JSON.parse(readFileSync(join(root, "security", "out", "sbom.cdx.json"), "utf8")) as { bomFormat: string; specVersion: string };
    expect([bom.bomFormat, bom.specVersion]).toEqual(["CycloneDX", "1.6"]);
    expect(out).toContain("FAIL copyleft-thing@1.0.0: GPL-3.0-only");
    expect(out).not.toContain("plain-thing@1.0.0");
    expect(status).toBe(1);

    writeFileSync(
      join(root, "security", "allowlists", "licences.json"),
      JSON.stringify({ entries: [{ package: "copyleft-thing", version: "1.0.0", licence: "GPL-3.0-only", ...review }] }),
    );
    ({ status, out } = pipeline(root));
    expect(out).toContain("allowlisted copyleft-thing@1.0.0: GPL-3.0-only (linked only at build time; reviewed with legal)");
    expect(status).toBe(0);
  }, 60_000);
});
