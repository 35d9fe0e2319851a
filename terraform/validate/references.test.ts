import { checkoutRoot } from "./project.ts";
import { afterEach, describe, expect, it } from "vitest";
import { loadTerraformTree } from "./hcl.ts";
import { loadCloudflareSchema } from "./provider-schema.ts";
import { checkReferences } from "./references.ts";
import { copyProject, type TempCopy } from "./temp-copy.ts";

const repo = checkoutRoot();
const schema = loadCloudflareSchema();
let copy: TempCopy | undefined;
afterEach(() => copy?.remove());

async function problemsAfter(edits: (c: TempCopy) => void): Promise<string[]> {
  copy = copyProject(repo);
  edits(copy);
  return checkReferences(await loadTerraformTree(`${copy.dir}/terraform`), schema).map((p) => `${p.file}: ${p.message}`);
}

describe("every reference in terraform/ is declared", () => {
  it("holds for every module, every tfvars file and the root outputs as committed", async () => {
    const tree = await loadTerraformTree(`${repo}/terraform`);
    expect([...tree.modules.keys()].sort()).toEqual(["", "modules/kv-namespace", "modules/neon-database", "modules/queues", "modules/r2-bucket", "modules/worker"]);
    expect(tree.tfvars.map((f) => f.path).sort()).toEqual(["environments/production/terraform.tfvars", "environments/staging/terraform.tfvars"]);
    expect(checkReferences(tree, schema)).toEqual([]);
  });

  it("fails on an undeclared variable, local, module output, resource, resource attribute and module input", async () => {
    const problems = await problemsAfter((c) => {
      c.edit("terraform/main.tf", "region_id    = var.neon_eu_region_id", "region_id    = var.neon_eu_region");
      c.edit("terraform/main.tf", "durable_objects       = local.durable_objects", "durable_objects       = local.durable_object");
      c.edit("terraform/outputs.tf", "value       = module.policy_kv.id", "value       = module.policy_kv.namespace_id");
      c.edit("terraform/modules/queues/main.tf", "queue_id          = cloudflare_queue.this[each.key].queue_id", "queue_id          = cloudflare_queue.this[each.key].uuid");
      c.edit("terraform/modules/worker/main.tf", "worker_id           = cloudflare_worker.this.id", "worker_id           = cloudflare_worker.main.id");
      c.edit("terraform/main.tf", "  source     = \"./modules/kv-namespace\"\n", "  source     = \"./modules/kv-namespace\"\n  jurisdiction = \"eu\"\n");
      c.edit("terraform/main.tf", "  consumer_script_name = module.home_worker.script_name\n", "");
    });
    expect(problems).toContain("main.tf: var.neon_eu_region (at module.neon_eu.0.region_id) is not a variable of the root module");
    expect(problems).toContain("main.tf: local.durable_object (at module.home_worker.0.durable_objects) is not a local of the root module");
    expect(problems).toContain('outputs.tf: module.policy_kv.namespace_id (at output.policy_kv_namespace_id.0.value): modules/kv-namespace has no output "namespace_id"');
    expect(problems).toContain(
      'modules/queues/main.tf: cloudflare_queue.this.uuid (at resource.cloudflare_queue_consumer.this.0.queue_id): cloudflare_queue has no attribute "uuid"',
    );
    expect(problems).toContain("modules/worker/main.tf: cloudflare_worker.main (at resource.cloudflare_worker_version.this.0.worker_id) is not declared in module modules/worker");
    expect(problems).toContain('main.tf: module "policy_kv": input "jurisdiction" is not a variable of modules/kv-namespace');
    expect(problems).toContain('main.tf: module "queues": required input "consumer_script_name" of modules/queues is not given');
  });

  it("fails when a tfvars file sets an unknown variable, omits a required one, or holds a secret", async () => {
    const problems = await problemsAfter((c) => {
      c.edit("terraform/environments/staging/terraform.tfvars", "current_stage = 0", 'current_stage = 0\nregion = "eu"\npolicy_signing_key = "{}"');
      c.edit("terraform/environments/production/terraform.tfvars", /\nhome_region = "us-east"\n/, "\n");
    });
    expect(problems).toContain('environments/staging/terraform.tfvars: "region" is not a variable of the root module');
    expect(problems).toContain('environments/staging/terraform.tfvars: sensitive variable "policy_signing_key" must come from TF_VAR_policy_signing_key, not a tfvars file');
    expect(problems).toContain('environments/production/terraform.tfvars: required variable "home_region" is not set');
  });

  it("fails when a root output carries a secret, directly or through a local", async () => {
    const problems = await problemsAfter((c) =>
      c.edit(
        "terraform/outputs.tf",
        /^/,
        'output "leak_key" {\n  value = var.audit_signing_key\n}\n\noutput "leak_db" {\n  value = local.secret_values["DATABASE_URL"]\n}\n\noutput "leak_uri" {\n  value     = module.neon.worker_connection_uri\n  sensitive = true\n}\n\n',
      ),
    );
    expect(problems).toContain('outputs.tf: output "leak_key" carries the secret var.audit_signing_key');
    expect(problems).toContain('outputs.tf: output "leak_db" carries the secret local.secret_values');
    expect(problems).toContain('outputs.tf: output "leak_uri" carries the secret module.neon.worker_connection_uri');
    expect(problems).toContain('outputs.tf: output "leak_uri" is sensitive: secrets stay out of the root outputs');
  });
});
