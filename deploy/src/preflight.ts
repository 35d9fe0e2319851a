/**
 * The checks `npm run deploy` makes before `wrangler deploy --env <env>`, and what it will then do. It
 * refuses — every reason listed, not just the first — when no environment is chosen or it is not a
 * deployed one wrangler.toml defines; when the section is not deployable as is (placeholder KV id,
 * ENVIRONMENT not the section's name, a Worker-required secret not in `secrets.required`); when a required
 * secret is not set on the Worker (`wrangler secret list`); and when a database's Postgres migrations are not
 * all applied (migrations/ against its `nethical_migrations`), or cannot be checked. Secret listing and the
 * database read are parameters, so the refusals are testable without Cloudflare credentials.
 */
import type { Migration } from "@nethical/db/migrate";
import { DEPLOYED_ENVIRONMENTS } from "@nethical/workers/config/production-config";
import { readDeployTarget, type DeployTarget } from "./deploy-target.ts";
import { compareMigrations, type AppliedMigrationsReader } from "./migrations-check.ts";
import type { SecretLister } from "./secret-list.ts";

/** The Worker secrets holding a Postgres URL whose database must be migrated. */
export const DATABASE_SECRETS = ["DATABASE_URL", "DATABASE_URL_EU"] as const;

/** What the preflight reads. */
export interface PreflightInput {
  /** `--env`; undefined when none was given. */
  readonly env: string | undefined;
  readonly wranglerToml: string;
  readonly listSecrets: SecretLister;
  /**
   * The preflight's own environment: for each database secret the Worker requires, the URL of that
   * database (a role that can read `nethical_migrations`, e.g. the owner) under the same name.
   */
  readonly processEnv: Readonly<Record<string, string | undefined>>;
  readonly readApplied: AppliedMigrationsReader;
  /** migrations/ (readMigrations()). */
  readonly migrations: readonly Migration[];
  /** `--dry-run`: passed to wrangler, which then bundles and uploads nothing. */
  readonly dryRun: boolean;
}

/** The verdict and the plan. */
export interface PreflightResult {
  readonly ok: boolean;
  /** Why the deploy is refused (empty when ok). */
  readonly refusals: readonly string[];
  /** What was checked and what will happen, one line each. */
  readonly plan: readonly string[];
  /** The wrangler arguments the deploy runs (empty when no environment is chosen). */
  readonly wranglerArgs: readonly string[];
}

const DEPLOYED: readonly string[] = DEPLOYED_ENVIRONMENTS;

/** Host and database of a Postgres URL, for the plan (never the user or password). */
function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.pathname}`;
  } catch {
    return "(unparseable URL)";
  }
}

async function checkSecrets(target: DeployTarget, list: SecretLister, refusals: string[], plan: string[]): Promise<void> {
  let present: string[];
  try {
    present = await list(target.env);
  } catch (error) {
    refusals.push(`cannot list the secrets of ${target.scriptName}: ${(error as Error).message}`);
    return;
  }
  const missing = target.requiredSecrets.filter((name) => !present.includes(name));
  if (missing.length > 0) {
    refusals.push(`secrets not set on ${target.scriptName}: ${missing.join(", ")} — set each with \`wrangler secret put <NAME> --env ${target.env}\` (or Terraform's secret bindings, terraform/README.md)`);
  } else plan.push(`secrets set on ${target.scriptName}: ${target.requiredSecrets.join(", ")}`);
}

async function checkDatabase(name: string, input: PreflightInput, refusals: string[], plan: string[]): Promise<void> {
  const url = input.processEnv[name];
  if (url === undefined || url.trim() === "") {
    refusals.push(`${name} is not set for the preflight: export ${name}=<owner URL of that database> so it can check that migrations/ is applied`);
    return;
  }
  let applied;
  try {
    applied = await input.readApplied(url);
  } catch (error) {
    const message = (error as Error).message.replaceAll(url, "<url>");
    const hint = /permission denied/i.test(message) ? " (this role cannot read nethical_migrations: use the owner URL)" : "";
    refusals.push(`cannot read the migrations of ${name} (${where(url)}): ${message}${hint}`);
    return;
  }
  const status = compareMigrations(input.migrations, applied);
  const fix = "apply them first (terraform/README.md, Running migrations against Neon)";
  if (status.pending.length > 0) refusals.push(`${name} (${where(url)}): migrations not applied: ${status.pending.join(", ")} — ${fix}`);
  if (status.changed.length > 0) refusals.push(`${name} (${where(url)}): applied migrations whose files have changed since: ${status.changed.join(", ")} — never edit an applied migration`);
  if (status.unknown.length > 0) refusals.push(`${name} (${where(url)}): the database has migrations this checkout does not: ${status.unknown.join(", ")} — deploy from an up-to-date checkout`);
  if (status.upToDate) plan.push(`${name} (${where(url)}): all ${input.migrations.length} migrations applied`);
}

/**
 * Run every check.
 *
 * @example
 * const result = await preflight({ env: "production", wranglerToml, listSecrets: wranglerSecretLister,
 *   processEnv: process.env, readApplied: readAppliedMigrations, migrations: readMigrations(), dryRun: false });
 * if (!result.ok) console.error(result.refusals.join("\n"));
 */
export async function preflight(input: PreflightInput): Promise<PreflightResult> {
  const env = input.env;
  if (env === undefined || env === "") {
    return { ok: false, refusals: [`no environment chosen: run \`npm run deploy -- --env <${DEPLOYED.join("|")}>\``], plan: [], wranglerArgs: [] };
  }
  if (!DEPLOYED.includes(env)) {
    return { ok: false, refusals: [`"${env}" is not a deployed environment (${DEPLOYED.join(", ")}); development runs with \`npm start\``], plan: [], wranglerArgs: [] };
  }
  const refusals: string[] = [];
  const plan: string[] = [];
  const target = readDeployTarget(input.wranglerToml, env);
  refusals.push(...target.problems);
  if (target.scriptName === "") return { ok: false, refusals, plan, wranglerArgs: [] };
  plan.push(`environment ${env}: Worker script ${target.scriptName}, ENVIRONMENT=${target.environmentVar}`);
  await checkSecrets(target, input.listSecrets, refusals, plan);
  for (const name of DATABASE_SECRETS) {
    if (target.requiredSecrets.includes(name)) await checkDatabase(name, input, refusals, plan);
  }
  const wranglerArgs = ["deploy", "--env", env, ...(input.dryRun ? ["--dry-run"] : [])];
  if (refusals.length === 0) plan.push(input.dryRun ? `then: wrangler ${wranglerArgs.join(" ")} (bundles and checks, uploads nothing)` : `then: wrangler ${wranglerArgs.join(" ")} (uploads and deploys ${target.scriptName} at 100%; gradual rollout is Terraform's: npm run deploy:plan)`);
  return { ok: refusals.length === 0, refusals, plan, wranglerArgs };
}
