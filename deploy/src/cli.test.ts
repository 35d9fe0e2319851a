/**
 * `npm run deploy` as a process (deploy/src/cli.ts on the project's Node): with no environment, a bad
 * argument, or in this sandbox without Cloudflare credentials and without the databases to check, it refuses
 * with every reason, exits non-zero and never reaches `wrangler deploy`.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./wrangler-cli.ts";

function deploy(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, WRANGLER_SEND_METRICS: "false" };
  for (const name of ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "DATABASE_URL", "DATABASE_URL_EU"]) delete env[name];
  const run = spawnSync(process.execPath, [join(REPO_ROOT, "deploy", "src", "cli.ts"), ...args], { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run deploy (the process)", () => {
  it("without --env: refused, exit 1, the usage shown", () => {
    const run = deploy([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("REFUSED  no environment chosen: run `npm run deploy -- --env <staging|production>`");
    expect(run.stderr).toContain("deploy refused (1 problem); nothing was deployed");
    expect(run.stdout).not.toContain("running: wrangler");
  });

  it("an unknown argument: exit 2 with the usage", () => {
    const run = deploy(["--env", "production", "--force"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown argument "--force"; usage: npm run deploy -- --env <staging|production> [--dry-run] [--outdir DIR]');
  });

  it("--env production here (no credentials, no database URLs): refused with each reason, wrangler deploy never run", () => {
    const run = deploy(["--env", "production", "--dry-run"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("ok  environment production: Worker script nethical-edge-production-us-east, ENVIRONMENT=production");
    expect(run.stderr).toMatch(/REFUSED {2}cannot list the secrets of nethical-edge-production-us-east: wrangler secret list --env production failed: /);
    expect(run.stderr).toContain("REFUSED  DATABASE_URL is not set for the preflight");
    expect(run.stderr).toContain("REFUSED  DATABASE_URL_EU is not set for the preflight");
    expect(run.stderr).toMatch(/nothing was deployed/);
    expect(run.stdout).not.toContain("running: wrangler");
  }, 90_000);
});
