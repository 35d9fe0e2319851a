/**
 * Are the project's Postgres migrations applied? migrations/ (the SQL files, checked against drizzle-kit's
 * meta/_journal.json by readMigrations) against the database's `nethical_migrations` table (name, sha256),
 * which db/src/migrate.ts writes as it applies each one. Read-only: the preflight never migrates.
 */
import { Client } from "@neondatabase/serverless";
import { MIGRATIONS_TABLE, readMigrations, type Migration } from "@nethical/db/migrate";

/** One row of the migrations table. */
export interface AppliedMigration {
  readonly name: string;
  readonly sha256: string;
}

/** Reads the applied migrations of the database at `url`; null when the table does not exist (nothing applied). */
export type AppliedMigrationsReader = (url: string) => Promise<AppliedMigration[] | null>;

/** The comparison. */
export interface MigrationStatus {
  /** In migrations/ but not applied. */
  readonly pending: readonly string[];
  /** Applied with other content than the file has now. */
  readonly changed: readonly string[];
  /** Applied but not in migrations/ (the database is ahead of this checkout). */
  readonly unknown: readonly string[];
  readonly upToDate: boolean;
}

/**
 * Compare the files with what the database recorded.
 *
 * @example
 * compareMigrations(readMigrations(), [{ name: "0000_audit_store", sha256 }]);
 * // { pending: ["0001_append_only_roles", …], changed: [], unknown: [], upToDate: false }
 */
export function compareMigrations(files: readonly Migration[], applied: readonly AppliedMigration[] | null): MigrationStatus {
  const recorded = new Map((applied ?? []).map((m) => [m.name, m.sha256]));
  const names = new Set(files.map((m) => m.name));
  const pending = files.filter((m) => !recorded.has(m.name)).map((m) => m.name);
  const changed = files.filter((m) => recorded.has(m.name) && recorded.get(m.name) !== m.sha256).map((m) => m.name);
  const unknown = [...recorded.keys()].filter((name) => !names.has(name)).sort();
  return { pending, changed, unknown, upToDate: pending.length === 0 && changed.length === 0 && unknown.length === 0 };
}

/**
 * The real reader: one connection with the Neon serverless driver (WebSocket), one SELECT, closed after.
 *
 * @example
 * const applied = await readAppliedMigrations(process.env.DATABASE_URL!); // [{ name: "0000_audit_store", sha256 }, …]
 */
export const readAppliedMigrations: AppliedMigrationsReader = async (url) => {
  const client = new Client(url);
  client.on("error", () => undefined); // reported by the query instead
  await client.connect();
  try {
    const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass($1) IS NOT NULL AS present", [MIGRATIONS_TABLE]);
    if (rows[0]?.present !== true) return null;
    const applied = await client.query<{ name: string; sha256: string }>(`SELECT name, sha256 FROM ${MIGRATIONS_TABLE} ORDER BY name`);
    return applied.rows.map((r) => ({ name: String(r.name), sha256: String(r.sha256) }));
  } finally {
    await client.end().catch(() => undefined);
  }
};
