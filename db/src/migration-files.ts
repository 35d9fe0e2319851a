/**
 * Reading migrations/: the SQL files drizzle-kit generated plus the hand-written ones, in order, each
 * with its SHA-256 so an edited, already-applied migration is detected. No drizzle-kit at run time.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One migration file. */
export interface Migration {
  /** File name without `.sql`, e.g. `0000_audit_store`; also the drizzle-kit journal tag. */
  name: string;
  sql: string;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** The project's migrations/ directory. */
export const DEFAULT_MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "migrations");

const FILE_NAME = /^(\d{4}_[a-z0-9_]+)\.sql$/;

/**
 * Read every `NNNN_name.sql` in `dir`, sorted by name (drizzle-kit numbers them in order). When
 * `meta/_journal.json` exists, its tags must match the files exactly, so a file added by hand outside
 * drizzle-kit (or a journal entry whose file is missing) is reported instead of silently reordered.
 *
 * @example
 * const migrations = readMigrations();
 * migrations.map((m) => m.name); // ["0000_audit_store", "0001_append_only_roles"]
 */
export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    throw new Error(`cannot read the migrations directory ${dir}: ${(error as Error).message}`);
  }
  const names = entries
    .map((file) => FILE_NAME.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
  if (names.length === 0) throw new Error(`no migrations (NNNN_name.sql) found in ${dir}`);
  checkJournal(dir, names);
  return names.map((name) => {
    const bytes = readFileSync(join(dir, `${name}.sql`));
    return { name, sql: bytes.toString("utf8"), sha256: createHash("sha256").update(bytes).digest("hex") };
  });
}

function checkJournal(dir: string, names: string[]): void {
  let text: string;
  try {
    text = readFileSync(join(dir, "meta", "_journal.json"), "utf8");
  } catch {
    return; // a plain directory of SQL files is fine
  }
  let tags: unknown;
  try {
    const journal = JSON.parse(text) as { entries?: { tag?: unknown }[] };
    tags = (journal.entries ?? []).map((e) => e.tag);
  } catch (error) {
    throw new Error(`${join(dir, "meta", "_journal.json")} is not valid JSON: ${(error as Error).message}`);
  }
  const expected = JSON.stringify(names);
  if (JSON.stringify(tags) !== expected) {
    throw new Error(
      `migrations in ${dir} do not match meta/_journal.json (files ${expected}, journal ${JSON.stringify(tags)}); ` +
        "create migrations with `npm run db:generate` (add `-- --custom --name x` for hand-written SQL)",
    );
  }
}
