/**
 * Loads everything the checks compare from a checkout (or a temporary copy of one): the Terraform tree,
 * wrangler.toml and workers/secrets.d.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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

/**
 * The checkout this package belongs to: the nearest directory above it whose package.json declares the
 * npm workspaces. The checks compare files outside this package (wrangler.toml at the top,
 * workers/secrets.d.ts), so they need that directory; this finds it by what it is, not by counting "../".
 *
 * @example
 * const { bindings } = await loadProject(checkoutRoot());
 */
export function checkoutRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { workspaces?: unknown }).workspaces !== undefined) return dir;
    if (dirname(dir) === dir) throw new Error(`checkoutRoot: no package.json with workspaces above ${from}`);
  }
}
