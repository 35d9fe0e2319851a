import { afterEach, describe, expect, it } from "vitest";
import { compareBindings } from "./compare-bindings.ts";
import { checkoutRoot, loadProject } from "./project.ts";
import { copyProject, type TempCopy } from "./temp-copy.ts";

const repo = checkoutRoot();
let copy: TempCopy | undefined;
afterEach(() => copy?.remove());

async function problemsAfter(edits: (c: TempCopy) => void): Promise<string[]> {
  copy = copyProject(repo);
  edits(copy);
  const { bindings } = await loadProject(copy.dir);
  return compareBindings(bindings).map((p) => `${p.file}: ${p.message}`);
}

describe("wrangler.toml, Terraform and secrets.d.ts name the same bindings", () => {
  it("agree in this checkout (top level, [env.staging], [env.production], every tfvars)", async () => {
    const { bindings } = await loadProject(repo);
    expect(bindings.wrangler.environments).toEqual(expect.arrayContaining(["staging", "production"]));
    expect(bindings.terraform.durableObjects.size).toBeGreaterThanOrEqual(6);
    expect(compareBindings(bindings)).toEqual([]);
  });

  it("planted drift: a Durable Object binding renamed in wrangler.toml's production env fails, naming it both ways", async () => {
    const problems = await problemsAfter((c) =>
      c.edit("wrangler.toml", /(\[\[env\.production\.durable_objects\.bindings\]\]\nname = )"AUDIT_LOG"/, '$1"AUDIT_LOGS"'),
    );
    expect(problems).toContain(
      'wrangler.toml: Durable Object binding "AUDIT_LOGS" is in wrangler.toml [env.production] but not in Terraform (terraform/bindings.tf)',
    );
    expect(problems).toContain('terraform/bindings.tf: Durable Object binding "AUDIT_LOG" is in Terraform but not in wrangler.toml [env.production]');
    expect(problems.filter((p) => p.includes("[env.staging]") || p.includes("(top level)"))).toEqual([]);
  });

  it("planted drift: the audit archive's R2 binding missing from Terraform fails for every wrangler scope", async () => {
    const problems = await problemsAfter((c) => c.edit("terraform/bindings.tf", '{ binding = "AUDIT_ARCHIVE", bucket_name = "nethical-audit-archive" }', '{ binding = "AUDIT_ARCHIVES", bucket_name = "nethical-audit-archive" }'));
    for (const scope of ["(top level)", "[env.staging]", "[env.production]"]) {
      expect(problems).toContain(`wrangler.toml: R2 bucket binding "AUDIT_ARCHIVE" is in wrangler.toml ${scope} but not in Terraform (terraform/bindings.tf)`);
    }
  });

  it("planted drift: a queue producer renamed in Terraform fails for every wrangler scope", async () => {
    const problems = await problemsAfter((c) =>
      c.edit("terraform/bindings.tf", '{ binding = "WEBHOOK_QUEUE", queue = "nethical-webhooks" }', '{ binding = "WEBHOOKS_QUEUE", queue = "nethical-webhooks" }'),
    );
    for (const scope of ["(top level)", "[env.staging]", "[env.production]"]) {
      expect(problems).toContain(`terraform/bindings.tf: queue producer "WEBHOOKS_QUEUE" is in Terraform but not in wrangler.toml ${scope}`);
      expect(problems).toContain(`wrangler.toml: queue producer "WEBHOOK_QUEUE" is in wrangler.toml ${scope} but not in Terraform (terraform/bindings.tf)`);
    }
  });

  it("planted drift: a var, a rate limit, a consumer setting and a migration changed on one side each", async () => {
    const problems = await problemsAfter((c) => {
      c.edit("wrangler.toml", /\n\[vars\]\n/, '\n[vars]\nFEATURE_X = "on"\n');
      c.edit("terraform/bindings.tf", '"AUTH_FAILURE_LIMITER"]', '"AUTH_LIMITER"]');
      c.edit("terraform/bindings.tf", "max_wait_time_ms = 1000, max_retries = 8", "max_wait_time_ms = 1000, max_retries = 9");
      c.edit("terraform/bindings.tf", '{ tag = "stream-hub-v1", new_sqlite_classes = ["StreamHub"] },\n', "");
    });
    expect(problems).toContain('wrangler.toml: var "FEATURE_X" is in wrangler.toml (top level) but not in Terraform (terraform/bindings.tf)');
    expect(problems).toContain('terraform/bindings.tf: rate limit binding "AUTH_LIMITER" is in Terraform but not in wrangler.toml [env.production]');
    expect(problems.some((p) => p.startsWith('terraform/bindings.tf: queue consumer "nethical-webhooks": wrangler.toml [env.staging] has'))).toBe(true);
    expect(problems).toContain('wrangler.toml: Durable Object migration "stream-hub-v1" is in wrangler.toml (top level) but not in Terraform (terraform/bindings.tf)');
  });

  it("planted drift: a secret declared in secrets.d.ts but not given by Terraform, and one missing from an env's required list", async () => {
    const problems = await problemsAfter((c) => {
      c.edit("workers/secrets.d.ts", /(declare namespace Cloudflare \{\s*interface Env \{)/, "$1\n    /** A new signing secret. */\n    WEBHOOK_SIGNING_KEY?: string;");
      c.edit("wrangler.toml", /(\[env\.staging\.secrets\]\nrequired = \[)"BOOTSTRAP_ADMIN_KEY", /, "$1");
    });
    expect(problems).toContain('workers/secrets.d.ts: secret "WEBHOOK_SIGNING_KEY" is declared in workers/secrets.d.ts but not in Terraform (terraform/bindings.tf)');
    expect(problems).toContain('terraform/bindings.tf: secret "BOOTSTRAP_ADMIN_KEY" is in Terraform but not in wrangler.toml [env.staging]');
  });

  it("planted drift: an optional secret also listed as required, and one with no value", async () => {
    const problems = await problemsAfter((c) => {
      c.edit("terraform/bindings.tf", /(secret_names = \[)"BOOTSTRAP_ADMIN_KEY"/, '$1"AUDIT_PUBLIC_KEYS", "BOOTSTRAP_ADMIN_KEY"');
      c.edit("terraform/bindings.tf", /\n\s*AUDIT_SIGNER_TOKEN\s*= var\.audit_signer_token/, "");
    });
    expect(problems).toContain('terraform/bindings.tf: secret "AUDIT_PUBLIC_KEYS" is in both secret_names and optional_secret_names');
    expect(problems).toContain('terraform/bindings.tf: secret "AUDIT_SIGNER_TOKEN" is in secret_names but has no value in secret_values');
  });

  it("planted drift: an environment's home region changed in its tfvars but not in wrangler.toml", async () => {
    const problems = await problemsAfter((c) => c.edit("terraform/environments/staging/terraform.tfvars", 'home_region = "us-east"', 'home_region = "eu-west"'));
    expect(problems).toContain('wrangler.toml: [env.staging] REGION is "us-east", but environments/staging/terraform.tfvars implies "eu-west"');
    expect(problems).toContain(
      'wrangler.toml: [env.staging] name is "nethical-edge-staging-us-east", but environments/staging/terraform.tfvars implies "nethical-edge-staging-eu-west"',
    );
  });
});
