/**
 * readMigrations lists migrations/ in drizzle-kit's order with content hashes, and refuses a directory
 * whose files and drizzle-kit journal disagree.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from "./migration-files.ts";

describe("readMigrations", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function scratch(files: Record<string, string>, journal?: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), "nethical-migrations-"));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    if (journal !== undefined) {
      mkdirSync(join(dir, "meta"));
      writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ entries: journal.map((tag) => ({ tag })) }));
    }
    return dir;
  }

  it("reads the project's migrations in journal order: generated schema first, hand-written roles after", () => {
    const migrations = readMigrations();
    const journal = JSON.parse(readFileSync(join(DEFAULT_MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as {
      entries: { tag: string }[];
    };
    expect(migrations.map((m) => m.name)).toEqual(journal.entries.map((e) => e.tag));
    expect(migrations[0]?.sql).toMatch(/CREATE TABLE "audit_events"/);
    expect(migrations.some((m) => /CREATE TRIGGER audit_events_append_only/.test(m.sql))).toBe(true);
    for (const m of migrations) {
      const bytes = readFileSync(join(DEFAULT_MIGRATIONS_DIR, `${m.name}.sql`));
      expect(m.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
  });

  it("sorts by the numeric prefix and ignores other files", () => {
    const dir = scratch({ "0001_b.sql": "SELECT 2;", "0000_a.sql": "SELECT 1;", "notes.md": "x", "0002_c.sql.bak": "x" });
    expect(readMigrations(dir).map((m) => m.name)).toEqual(["0000_a", "0001_b"]);
  });

  it("refuses a SQL file that the drizzle-kit journal does not know", () => {
    const dir = scratch({ "0000_a.sql": "SELECT 1;", "0001_sneaked_in.sql": "SELECT 2;" }, ["0000_a"]);
    expect(() => readMigrations(dir)).toThrow(/do not match meta\/_journal.json/);
  });

  it("refuses a journal entry whose file is missing", () => {
    const dir = scratch({ "0000_a.sql": "SELECT 1;" }, ["0000_a", "0001_lost"]);
    expect(() => readMigrations(dir)).toThrow(/do not match meta\/_journal.json/);
  });

  it("says so plainly when the directory is missing or empty", () => {
    expect(() => readMigrations(join(tmpdir(), "nethical-no-such-dir-xyz"))).toThrow(/cannot read the migrations directory/);
    expect(() => readMigrations(scratch({}))).toThrow(/no migrations/);
  });
});
