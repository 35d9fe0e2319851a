import { checkoutRoot } from "./project.ts";
import { afterEach, describe, expect, it } from "vitest";
import { loadTerraformTree } from "./hcl.ts";
import { loadCloudflareSchema } from "./provider-schema.ts";
import { checkProviderSchema } from "./schema-check.ts";
import { copyProject, type TempCopy } from "./temp-copy.ts";

const repo = checkoutRoot();
const schema = loadCloudflareSchema();
let copy: TempCopy | undefined;
afterEach(() => copy?.remove());

async function problemsAfter(edits: (c: TempCopy) => void): Promise<string[]> {
  copy = copyProject(repo);
  edits(copy);
  return checkProviderSchema(await loadTerraformTree(`${copy.dir}/terraform`), schema).map((p) => `${p.file}: ${p.message}`);
}

describe("every Cloudflare resource type and attribute exists in provider 5.x", () => {
  it("holds for terraform/ as committed", async () => {
    const tree = await loadTerraformTree(`${repo}/terraform`);
    const types = [...tree.modules.values()].flatMap((m) => m.files.flatMap((f) => Object.keys((f.body.resource ?? {}) as object)));
    expect(types).toEqual(expect.arrayContaining(["cloudflare_worker_version", "cloudflare_workers_deployment", "cloudflare_queue_consumer"]));
    expect(checkProviderSchema(tree, schema)).toEqual([]);
  });

  it("fails on an unknown resource type, argument, nested attribute, binding key and enumerated value", async () => {
    const problems = await problemsAfter((c) => {
      c.edit("terraform/modules/kv-namespace/main.tf", 'resource "cloudflare_workers_kv_namespace" "this"', 'resource "cloudflare_workers_kv_namespaces" "this"');
      c.edit("terraform/modules/queues/main.tf", "  queue_name = each.value", "  name       = each.value");
      c.edit("terraform/modules/queues/main.tf", "    max_wait_time_ms = each.value.max_wait_time_ms", "    max_wait_time    = each.value.max_wait_time_ms");
      c.edit("terraform/modules/worker/main.tf", "namespace_id = k.namespace_id", "namespace = k.namespace_id, kv_id = k.namespace_id");
      c.edit("terraform/modules/worker/main.tf", 'type = "secret_text"', 'type = "secret"');
      c.edit("terraform/modules/worker/main.tf", 'strategy    = "percentage"', 'strategy    = "immediate"');
    });
    expect(problems).toContain(
      "modules/kv-namespace/main.tf: cloudflare_workers_kv_namespaces.this: cloudflare_workers_kv_namespaces is not a resource of the Cloudflare provider 5.14.0",
    );
    expect(problems).toContain('modules/queues/main.tf: cloudflare_queue.this: "name" is not an argument of cloudflare_queue (provider 5.14.0)');
    expect(problems).toContain('modules/queues/main.tf: cloudflare_queue_consumer.this.settings: "max_wait_time" is not an attribute of settings');
    expect(problems).toContain('modules/worker/main.tf: cloudflare_worker_version.this.bindings: "kv_id" is not an attribute of bindings');
    expect(problems.some((p) => p.startsWith('modules/worker/main.tf: cloudflare_worker_version.this.bindings: type = "secret" is not one of'))).toBe(true);
    expect(problems.some((p) => p.startsWith('modules/worker/main.tf: cloudflare_workers_deployment.this.strategy: "immediate" is not one of percentage'))).toBe(true);
  });
});
