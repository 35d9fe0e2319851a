/**
 * findPgBin finds the newest installed PostgreSQL's server binaries (Debian layout first, then PATH)
 * and returns null when there are none, so callers can say so plainly.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findPgBin, POSTGRES_NOT_INSTALLED } from "./postgres-bin.ts";

describe("findPgBin", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function fakeInstall(layout: Record<string, string[]>): string {
    const root = mkdtempSync(join(tmpdir(), "nethical-pgbin-"));
    dirs.push(root);
    for (const [dir, programs] of Object.entries(layout)) {
      mkdirSync(join(root, dir), { recursive: true });
      for (const program of programs) {
        writeFileSync(join(root, dir, program), "#!/bin/sh\n");
        chmodSync(join(root, dir, program), 0o755);
      }
    }
    return root;
  }
  const server = ["initdb", "pg_ctl", "postgres"];

  it("picks the highest major version that has initdb, pg_ctl and postgres", () => {
    const root = fakeInstall({ "13/bin": server, "16/bin": server, "9.6/bin": server, "17/bin": ["psql"] });
    expect(findPgBin(root, "")).toBe(join(root, "16", "bin"));
  });

  it("falls back to PATH when there is no Debian layout", () => {
    const root = fakeInstall({ "usr-local-bin": server });
    expect(findPgBin(join(root, "nothing-here"), `/nonexistent:${join(root, "usr-local-bin")}`)).toBe(join(root, "usr-local-bin"));
  });

  it("returns null when no complete installation exists, with a plain message to print", () => {
    const root = fakeInstall({ "15/bin": ["pg_ctl", "psql"] });
    expect(findPgBin(root, join(root, "15", "bin"))).toBeNull();
    expect(POSTGRES_NOT_INSTALLED).toMatch(/PostgreSQL is not installed/);
    expect(POSTGRES_NOT_INSTALLED).toMatch(/apt-get install -y postgresql/);
  });
});
