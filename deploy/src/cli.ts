/**
 * `npm run deploy`: preflight (deploy/src/preflight.ts), print what was checked and what will happen, then
 * `wrangler deploy --env <env> [--dry-run] [--outdir DIR]` with wrangler's output live — or refuse with
 * every reason and exit 1 without running wrangler. The databases to check come from this process's
 * DATABASE_URL / DATABASE_URL_EU (owner URLs; never printed).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readMigrations } from "@nethical/db/migrate";
import { parseDeployArgs, USAGE } from "./args.ts";
import { readAppliedMigrations } from "./migrations-check.ts";
import { preflight } from "./preflight.ts";
import { wranglerSecretLister } from "./secret-list.ts";
import { REPO_ROOT, runWrangler } from "./wrangler-cli.ts";

async function main(): Promise<number> {
  let args;
  try {
    args = parseDeployArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const result = await preflight({
    env: args.env,
    wranglerToml: readFileSync(join(REPO_ROOT, "wrangler.toml"), "utf8"),
    listSecrets: wranglerSecretLister,
    processEnv: process.env,
    readApplied: readAppliedMigrations,
    migrations: readMigrations(),
    dryRun: args.dryRun,
  });
  for (const line of result.plan) console.log(`  ok  ${line}`);
  if (!result.ok) {
    for (const line of result.refusals) console.error(`  REFUSED  ${line}`);
    console.error(`deploy refused (${result.refusals.length} problem${result.refusals.length === 1 ? "" : "s"}); nothing was deployed`);
    return 1;
  }
  const wranglerArgs = [...result.wranglerArgs, ...(args.outdir !== undefined ? ["--outdir", args.outdir] : [])];
  console.log(`running: wrangler ${wranglerArgs.join(" ")}`);
  return (await runWrangler(wranglerArgs, { inherit: true })).code;
}

process.exitCode = await main();
