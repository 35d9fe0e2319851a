/**
 * Loads everything the checks compare from a checkout (or a temporary copy of one): the Terraform tree,
 * wrangler.toml and workers/secrets.d.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BindingSources } from "./compare-bindings.ts";
import { declaredSecrets } from "./declared-secrets.ts";
import { loadTerraformTree, type HclTree } from "./hcl.ts";
import { terraformBindings } from "./terraform-bindings.ts";
import { parseWrangler } from "./wrangler-bindings.ts";

/** The parsed project. */
export interface Project {
  readonly tree: HclTree;
  readonly bindings: BindingSources;
}

/**
 * Parses `<repo>/terraform`, `<repo>/wrangler.toml` and `<repo>/workers/secrets.d.ts`.
 *
 * @example
 * const { tree, bindings } = await loadProject(process.cwd());
 * compareBindings(bindings); // []
 */
export async function loadProject(repo: string): Promise<Project> {
  const tree = await loadTerraformTree(join(repo, "terraform"));
  return {
    tree,
    bindings: {
      wrangler: parseWrangler(readFileSync(join(repo, "wrangler.toml"), "utf8")),
      wranglerFile: "wrangler.toml",
      terraform: terraformBindings(tree),
      terraformFile: "terraform/bindings.tf",
      declaredSecrets: declaredSecrets(readFileSync(join(repo, "workers/secrets.d.ts"), "utf8")),
      secretsFile: "workers/secrets.d.ts",
      tfvars: tree.tfvars,
    },
  };
}
