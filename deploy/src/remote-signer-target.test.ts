/**
 * A deploy section whose tree heads are signed by a KMS (`AUDIT_SIGNER_URL` in `[env.<name>.vars]`): the
 * preflight no longer asks for AUDIT_SIGNING_KEY (the Worker refuses it together with a KMS), and still asks
 * for everything else the Worker requires.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDeployTarget } from "./deploy-target.ts";
import { REPO_ROOT } from "./wrangler-cli.ts";

const TOML = readFileSync(join(REPO_ROOT, "wrangler.toml"), "utf8").replaceAll(`id = "${"0".repeat(32)}"`, 'id = "0123456789abcdef0123456789abcdef"');

function withKms(text: string, required: string): string {
  const vars = text.replace(/(\[env\.production\.vars\][^[]*?ENVIRONMENT = "production"\n)/, '$1AUDIT_SIGNER_URL = "https://kms-adapter.example.test/v1"\nAUDIT_SIGNER_KEY_ID = "audit-kms-2027"\n');
  expect(vars).not.toBe(text);
  return vars.replace(/(\[env\.production\.secrets\]\nrequired = \[)[^\]]*\]/, `$1${required}]`);
}

describe("readDeployTarget with a remote tree-head signer", () => {
  it("does not require AUDIT_SIGNING_KEY when AUDIT_SIGNER_URL is a var", () => {
    const target = readDeployTarget(withKms(TOML, '"BOOTSTRAP_ADMIN_KEY", "POLICY_SIGNING_KEY", "AUDIT_SIGNER_TOKEN", "DATABASE_URL"'), "production");
    expect(target.problems).toEqual([]);
    expect(target.requiredSecrets).not.toContain("AUDIT_SIGNING_KEY");
    expect(target.requiredSecrets).toEqual(expect.arrayContaining(["POLICY_SIGNING_KEY", "DATABASE_URL", "AUDIT_SIGNER_TOKEN"]));
  });

  it("still names the other secrets the Worker requires", () => {
    const target = readDeployTarget(withKms(TOML, '"BOOTSTRAP_ADMIN_KEY"'), "production");
    expect(target.problems).toEqual(["[env.production.secrets] required does not list POLICY_SIGNING_KEY, DATABASE_URL (the Worker refuses to serve without them)"]);
  });
});
