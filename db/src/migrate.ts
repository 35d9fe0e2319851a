/**
 * Apply migrations/ to a database in order, once each, recording them in `nethical_migrations`.
 * Safe to run on every start and from several processes at once (advisory lock); refuses to continue
 * when an applied migration's file has since been edited.
 */
import { readMigrations, type Migration } from "./migration-files.ts";

export { readMigrations, type Migration } from "./migration-files.ts";

/** The one thing the runner needs: a single connection (neon `Client`, a pool's `PoolClient`, pg). */
export interface SqlClient {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** What applyMigrations did. */
export interface MigrationReport {
  /** Migrations run now, in order. */
  applied: string[];
  /** Migrations that were already recorded. */
  skipped: string[];
}

export interface ApplyMigrationsOptions {
  /** Directory to read (default: the project's migrations/). Ignored when `migrations` is given. */
  dir?: string;
  /** Migrations to apply instead of reading a directory. */
  migrations?: Migration[];
}

/** Table that records applied migrations. */
export const MIGRATIONS_TABLE = "nethical_migrations";

/** Arbitrary constant key for pg_advisory_lock: one migrator at a time per database. */
const LOCK_KEY = 7_041_977_311;

/**
 * Apply every migration not yet recorded, each in its own transaction together with its record.
 * `client` must be one connection (not a Pool): the lock and each transaction live on it.
 *
 * @example
 * const client = new Client(adminUrl);
 * await client.connect();
 * const { applied } = await applyMigrations(client); // ["0000_audit_store", …] the first time, [] after
 * await client.end();
 */
export async function applyMigrations(client: SqlClient, options: ApplyMigrationsOptions = {}): Promise<MigrationReport> {
  const migrations = options.migrations ?? readMigrations(options.dir);
  await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
         name text PRIMARY KEY,
         sha256 text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const recorded = await appliedHashes(client);
    const report: MigrationReport = { applied: [], skipped: [] };
    for (const migration of migrations) {
      const known = recorded.get(migration.name);
      if (known !== undefined) {
        if (known !== migration.sha256) {
          throw new Error(
            `migration ${migration.name} was applied with a different content (sha256 ${known.slice(0, 12)}…, ` +
              `file now ${migration.sha256.slice(0, 12)}…); never edit an applied migration, add a new one`,
          );
        }
        report.skipped.push(migration.name);
        continue;
      }
      await applyOne(client, migration);
      report.applied.push(migration.name);
    }
    return report;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
  }
}

async function appliedHashes(client: SqlClient): Promise<Map<string, string>> {
  const { rows } = await client.query(`SELECT name, sha256 FROM ${MIGRATIONS_TABLE}`);
  return new Map(rows.map((r) => [String(r["name"]), String(r["sha256"])]));
}

async function applyOne(client: SqlClient, migration: Migration): Promise<void> {
  await client.query("BEGIN");
  try {
    // No parameters: the simple-query protocol runs the whole file, several statements at once.
    await client.query(migration.sql);
    await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (name, sha256) VALUES ($1, $2)`, [
      migration.name,
      migration.sha256,
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new Error(`migration ${migration.name} failed and was rolled back: ${(error as Error).message}`);
  }
}
