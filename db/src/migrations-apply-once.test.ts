/**
 * applyMigrations brings a database up to date once: it records each migration with its hash, skips
 * recorded ones, rolls back a failing one entirely, refuses an edited applied one, and two migrators
 * racing apply each migration exactly once.
 */
import { Client } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, MIGRATIONS_TABLE, readMigrations, type Migration } from "./migrate.ts";
import { POSTGRES_AVAILABLE, SKIP_NOTE, startLocalStack, type LocalStack } from "@nethical/dev-stack/local-stack";

const extra = (name: string, sql: string): Migration => ({ name, sql, sha256: `hash-of-${name}-${sql.length}` });

describe.skipIf(!POSTGRES_AVAILABLE)(`applyMigrations on real PostgreSQL${SKIP_NOTE}`, () => {
  let stack: LocalStack;
  const clients: Client[] = [];

  beforeAll(async () => {
    stack = await startLocalStack();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await stack?.stop();
  });

  async function ownerClient(): Promise<Client> {
    const client = new Client(stack.pg.adminUrl);
    await client.connect();
    clients.push(client);
    return client;
  }
  async function recorded(): Promise<{ name: string; sha256: string }[]> {
    const { rows } = await stack.owner.query(`SELECT name, sha256 FROM ${MIGRATIONS_TABLE} ORDER BY name`);
    return rows as { name: string; sha256: string }[];
  }
  async function tableExists(name: string): Promise<boolean> {
    const { rows } = await stack.owner.query("SELECT to_regclass($1) IS NOT NULL AS present", [name]);
    return rows[0]?.present === true;
  }

  it("records every project migration, in order, with the hash of its file (applied by startPostgres)", async () => {
    const files = readMigrations();
    expect(stack.pg.migrations.applied).toEqual(files.map((m) => m.name));
    expect(await recorded()).toEqual(files.map((m) => ({ name: m.name, sha256: m.sha256 })));
  });

  it("applies nothing the second time", async () => {
    const report = await applyMigrations(await ownerClient());
    expect(report.applied).toEqual([]);
    expect(report.skipped).toEqual(readMigrations().map((m) => m.name));
  });

  it("rolls a failing migration back entirely and does not record it", async () => {
    const broken = extra("9000_broken", "CREATE TABLE half_done (id int); SELECT 1 / 0;");
    await expect(applyMigrations(await ownerClient(), { migrations: [...readMigrations(), broken] })).rejects.toThrow(
      /migration 9000_broken failed and was rolled back: division by zero/,
    );
    expect(await tableExists("half_done")).toBe(false);
    expect((await recorded()).map((r) => r.name)).not.toContain("9000_broken");
  });

  it("refuses to run when an applied migration's file was edited", async () => {
    const [first, ...rest] = readMigrations();
    const edited = { ...first!, sql: `${first!.sql}\n-- edited`, sha256: "0".repeat(64) };
    await expect(applyMigrations(await ownerClient(), { migrations: [edited, ...rest] })).rejects.toThrow(
      /migration 0000_audit_store was applied with a different content/,
    );
  });

  it("applies a new migration exactly once when two migrators race", async () => {
    const next = extra("9001_counter", "CREATE TABLE migration_runs (n int); INSERT INTO migration_runs VALUES (1);");
    const all = [...readMigrations(), next];
    const [a, b] = await Promise.all([
      applyMigrations(await ownerClient(), { migrations: all }),
      applyMigrations(await ownerClient(), { migrations: all }),
    ]);
    expect([...a!.applied, ...b!.applied]).toEqual(["9001_counter"]);
    const { rows } = await stack.owner.query("SELECT count(*)::int AS n FROM migration_runs");
    expect(rows[0]?.n).toBe(1);
  });
});
