/**
 * The deploy preflight's refusals, against the real wrangler.toml (its KV id filled in where a test needs
 * it) and a real throwaway PostgreSQL (dev-stack's local stack, migrated on start): no or a wrong
 * environment, secrets not set, a lister that fails, migrations pending / edited / unknown / never run, a
 * database the preflight was not given or cannot read — each refused with its reason — and the full pass
 * with the plan and the wrangler arguments. The secret lister is a function here (no credentials).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_TABLE, readMigrations } from "@nethical/db/migrate";
import { POSTGRES_AVAILABLE, SKIP_NOTE, startLocalStack, type LocalStack } from "@nethical/dev-stack/local-stack";
import { freePort } from "@nethical/dev-stack/postgres-port";
import { readAppliedMigrations } from "./migrations-check.ts";
import { preflight, type PreflightInput } from "./preflight.ts";
import { REPO_ROOT } from "./wrangler-cli.ts";

const TOML = readFileSync(join(REPO_ROOT, "wrangler.toml"), "utf8");
const FILLED = TOML.replaceAll('id = "00000000000000000000000000000000"', 'id = "0123456789abcdef0123456789abcdef"');
const ALL_SECRETS = ["BOOTSTRAP_ADMIN_KEY", "POLICY_SIGNING_KEY", "AUDIT_SIGNING_KEY", "WITNESS_SIGNING_KEY", "DATABASE_URL", "DATABASE_URL_EU"];
const MIGRATIONS = readMigrations();

describe("preflight without a database", () => {
  const base: PreflightInput = {
    env: "production",
    wranglerToml: FILLED,
    listSecrets: async () => ALL_SECRETS,
    processEnv: {},
    readApplied: () => Promise.reject(new Error("not reached")),
    migrations: MIGRATIONS,
    dryRun: false,
  };

  it("refuses when no environment is chosen, or one that is not deployed", async () => {
    for (const env of [undefined, ""]) {
      const result = await preflight({ ...base, env });
      expect(result).toEqual({ ok: false, refusals: ["no environment chosen: run `npm run deploy -- --env <staging|production>`"], plan: [], wranglerArgs: [] });
    }
    expect((await preflight({ ...base, env: "development" })).refusals).toEqual(['"development" is not a deployed environment (staging, production); development runs with `npm start`']);
  });

  it("refuses when required secrets are not set, naming them", async () => {
    const result = await preflight({ ...base, listSecrets: async (env) => (env === "production" ? ["BOOTSTRAP_ADMIN_KEY", "DATABASE_URL"] : ALL_SECRETS) });
    expect(result.ok).toBe(false);
    expect(result.refusals[0]).toBe(
      "secrets not set on nethical-edge-production-us-east: POLICY_SIGNING_KEY, AUDIT_SIGNING_KEY, WITNESS_SIGNING_KEY, DATABASE_URL_EU — set each with `wrangler secret put <NAME> --env production` (or Terraform's secret bindings, terraform/README.md)",
    );
  });

  it("refuses when the secrets cannot be listed (no credentials, unknown Worker)", async () => {
    const result = await preflight({ ...base, listSecrets: () => Promise.reject(new Error("wrangler secret list --env production failed: not authenticated")) });
    expect(result.refusals[0]).toBe("cannot list the secrets of nethical-edge-production-us-east: wrangler secret list --env production failed: not authenticated");
  });

  it("refuses when the preflight is not given the databases to check", async () => {
    const result = await preflight(base);
    expect(result.refusals).toEqual([
      "DATABASE_URL is not set for the preflight: export DATABASE_URL=<owner URL of that database> so it can check that migrations/ is applied",
      "DATABASE_URL_EU is not set for the preflight: export DATABASE_URL_EU=<owner URL of that database> so it can check that migrations/ is applied",
    ]);
  });

  it("refuses the placeholder KV id, with every other reason too", async () => {
    const result = await preflight({ ...base, wranglerToml: TOML, listSecrets: async () => [] });
    expect(result.refusals.length).toBeGreaterThanOrEqual(3);
    if (TOML.includes('id = "00000000000000000000000000000000"')) expect(result.refusals[0]).toMatch(/^POLICY_KV has the placeholder id/);
    expect(result.refusals.some((r) => r.startsWith("secrets not set on"))).toBe(true);
  });
});

describe.skipIf(!POSTGRES_AVAILABLE)(`preflight against PostgreSQL${SKIP_NOTE}`, () => {
  let stack: LocalStack;
  let input: PreflightInput;

  beforeAll(async () => {
    stack = await startLocalStack();
    input = {
      env: "production",
      wranglerToml: FILLED,
      listSecrets: async () => ALL_SECRETS,
      // The same local database stands in for the default and the EU one.
      processEnv: { DATABASE_URL: stack.pg.adminUrl, DATABASE_URL_EU: stack.pg.adminUrl },
      readApplied: readAppliedMigrations,
      migrations: MIGRATIONS,
      dryRun: false,
    };
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  /** Run `change` on the migrations table, the preflight, then `undo`. */
  async function withTable<T>(change: string, undo: string, run: () => Promise<T>): Promise<T> {
    await stack.owner.query(change);
    try {
      return await run();
    } finally {
      await stack.owner.query(undo);
    }
  }

  it("passes with every secret set and every migration applied, and shows what it will do", async () => {
    const result = await preflight(input);
    expect(result.refusals).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.wranglerArgs).toEqual(["deploy", "--env", "production"]);
    expect(result.plan).toEqual([
      "environment production: Worker script nethical-edge-production-us-east, ENVIRONMENT=production",
      `secrets set on nethical-edge-production-us-east: ${ALL_SECRETS.join(", ")}`,
      `DATABASE_URL (127.0.0.1/nethical): all ${MIGRATIONS.length} migrations applied`,
      `DATABASE_URL_EU (127.0.0.1/nethical): all ${MIGRATIONS.length} migrations applied`,
      "then: wrangler deploy --env production (uploads and deploys nethical-edge-production-us-east at 100%; gradual rollout is Terraform's: npm run deploy:plan)",
    ]);
    expect(JSON.stringify(result)).not.toContain(stack.pg.adminUrl);
    const dry = await preflight({ ...input, env: "staging", dryRun: true });
    expect(dry.wranglerArgs).toEqual(["deploy", "--env", "staging", "--dry-run"]);
  });

  it("refuses when the newest migration is not applied", async () => {
    const last = MIGRATIONS.at(-1)!;
    const row = (await stack.owner.query(`SELECT sha256 FROM ${MIGRATIONS_TABLE} WHERE name = $1`, [last.name])).rows[0] as { sha256: string };
    const result = await withTable(`DELETE FROM ${MIGRATIONS_TABLE} WHERE name = '${last.name}'`, `INSERT INTO ${MIGRATIONS_TABLE} (name, sha256) VALUES ('${last.name}', '${row.sha256}')`, () => preflight(input));
    expect(result.ok).toBe(false);
    expect(result.refusals).toEqual([
      `DATABASE_URL (127.0.0.1/nethical): migrations not applied: ${last.name} — apply them first (terraform/README.md, Running migrations against Neon)`,
      `DATABASE_URL_EU (127.0.0.1/nethical): migrations not applied: ${last.name} — apply them first (terraform/README.md, Running migrations against Neon)`,
    ]);
  });

  it("refuses a database that never ran a migration (no migrations table)", async () => {
    const result = await withTable(`ALTER TABLE ${MIGRATIONS_TABLE} RENAME TO moved_aside`, `ALTER TABLE moved_aside RENAME TO ${MIGRATIONS_TABLE}`, () => preflight(input));
    expect(result.refusals[0]).toBe(`DATABASE_URL (127.0.0.1/nethical): migrations not applied: ${MIGRATIONS.map((m) => m.name).join(", ")} — apply them first (terraform/README.md, Running migrations against Neon)`);
  });

  it("refuses a migration applied with other content, and one this checkout does not have", async () => {
    const first = MIGRATIONS[0]!;
    const edited = await withTable(`UPDATE ${MIGRATIONS_TABLE} SET sha256 = 'x' || sha256 WHERE name = '${first.name}'`, `UPDATE ${MIGRATIONS_TABLE} SET sha256 = substr(sha256, 2) WHERE name = '${first.name}'`, () => preflight(input));
    expect(edited.refusals[0]).toBe(`DATABASE_URL (127.0.0.1/nethical): applied migrations whose files have changed since: ${first.name} — never edit an applied migration`);
    const ahead = await withTable(`INSERT INTO ${MIGRATIONS_TABLE} (name, sha256) VALUES ('9999_from_the_future', 'f')`, `DELETE FROM ${MIGRATIONS_TABLE} WHERE name = '9999_from_the_future'`, () => preflight(input));
    expect(ahead.refusals[0]).toBe("DATABASE_URL (127.0.0.1/nethical): the database has migrations this checkout does not: 9999_from_the_future — deploy from an up-to-date checkout");
  });

  it("refuses when a database cannot be read: the Worker's role (no grant on the table), or nothing listening", async () => {
    const writer = await preflight({ ...input, processEnv: { ...input.processEnv, DATABASE_URL_EU: stack.pg.url } });
    expect(writer.refusals).toEqual([expect.stringMatching(/^cannot read the migrations of DATABASE_URL_EU \(127\.0\.0\.1\/nethical\): .*permission denied.*\(this role cannot read nethical_migrations: use the owner URL\)$/)]);
    const closed = await freePort();
    const down = new URL(stack.pg.adminUrl);
    down.port = String(closed);
    const unreachable = await preflight({ ...input, processEnv: { ...input.processEnv, DATABASE_URL: down.toString() } });
    expect(unreachable.refusals).toEqual([expect.stringMatching(/^cannot read the migrations of DATABASE_URL \(127\.0\.0\.1\/nethical\): /)]);
    expect(JSON.stringify(unreachable)).not.toContain(down.password);
  });
});
