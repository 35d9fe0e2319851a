/**
 * wrangler.toml's deploy sections as `npm run deploy` reads them: the real file's staging and production
 * (script name, ENVIRONMENT, required secrets: the section's list plus what the Worker requires; the
 * placeholder KV id still to fill), and each problem planted in a copy of the text.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REQUIRED_SECRETS } from "@nethical/workers/config/production-config";
import { environmentsIn, readDeployTarget } from "./deploy-target.ts";
import { REPO_ROOT } from "./wrangler-cli.ts";

const TOML = readFileSync(join(REPO_ROOT, "wrangler.toml"), "utf8");
const ZEROS = "00000000000000000000000000000000";
const FILLED = TOML.replaceAll(`id = "${ZEROS}"`, 'id = "0123456789abcdef0123456789abcdef"');

describe("readDeployTarget on wrangler.toml", () => {
  it("has staging and production, each with its ENVIRONMENT and the Worker's required secrets listed", () => {
    expect(environmentsIn(TOML)).toEqual(expect.arrayContaining(["staging", "production"]));
    for (const env of ["staging", "production"]) {
      const target = readDeployTarget(FILLED, env);
      expect(target.environmentVar).toBe(env);
      expect(target.scriptName).toMatch(new RegExp(`^nethical-edge-${env}-`));
      expect(target.requiredSecrets).toEqual(expect.arrayContaining([...REQUIRED_SECRETS]));
      expect(target.problems).toEqual([]);
    }
  });

  it("refuses the placeholder KV id wrangler.toml ships with", () => {
    const target = readDeployTarget(TOML, "production");
    if (!TOML.includes(ZEROS)) return expect(target.problems).toEqual([]); // filled in by an operator
    expect(target.problems).toEqual([expect.stringMatching(/^POLICY_KV has the placeholder id 000…0: fill it from `terraform output/)]);
  });

  it("names an ENVIRONMENT that is not the section's, a Worker-required secret the section does not list, and a missing section", () => {
    const wrongEnv = FILLED.replace('ENVIRONMENT = "production"', 'ENVIRONMENT = "development"');
    expect(readDeployTarget(wrongEnv, "production").problems).toEqual(['[env.production.vars] ENVIRONMENT is "development", expected "production"']);
    const unlisted = FILLED.replace(/(\[env\.production\.secrets\]\nrequired = \[)[^\]]*\]/, '$1"BOOTSTRAP_ADMIN_KEY", "DATABASE_URL"]');
    const target = readDeployTarget(unlisted, "production");
    expect(target.problems).toEqual(["[env.production.secrets] required does not list POLICY_SIGNING_KEY, AUDIT_SIGNING_KEY (the Worker refuses to serve without them)"]);
    expect(target.requiredSecrets).toEqual(expect.arrayContaining(["POLICY_SIGNING_KEY", "AUDIT_SIGNING_KEY", "DATABASE_URL", "BOOTSTRAP_ADMIN_KEY"]));
    expect(readDeployTarget(FILLED, "canary").problems).toEqual(["wrangler.toml has no [env.canary] section"]);
  });
});
