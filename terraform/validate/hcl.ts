/**
 * Reads a Terraform tree without a terraform binary: every `.tf` (and `.tfvars`) file parsed with
 * `@cdktf/hcl2json` (HashiCorp's HCL parser compiled to WebAssembly), grouped by module directory.
 * Expressions come back as strings `"${…}"`; blocks as arrays of objects, attributes as values.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "@cdktf/hcl2json";

/** The JSON form of one HCL body. */
export type HclBody = Record<string, unknown>;

/** One parsed file. */
export interface HclFile {
  /** Path relative to the tree's root (e.g. `modules/worker/main.tf`). */
  readonly path: string;
  readonly body: HclBody;
}

/** One module: a directory's `.tf` files. */
export interface HclModule {
  /** Directory relative to the root ("" for the root module). */
  readonly dir: string;
  readonly files: readonly HclFile[];
}

/** A parsed tree: its modules by directory, and its variable files. */
export interface HclTree {
  readonly root: string;
  readonly modules: ReadonlyMap<string, HclModule>;
  readonly tfvars: readonly HclFile[];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue; // .terraform, .terraform.lock.hcl
    if (name === "node_modules" || name === "validate") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (name.endsWith(".tf") || name.endsWith(".tfvars")) out.push(path);
  }
  return out;
}

/**
 * Parses every `.tf` and `.tfvars` under `root` (skipping dot-directories, node_modules and validate/).
 * A syntax error rejects with the parser's message, file and position.
 *
 * @example
 * const tree = await loadTerraformTree("terraform");
 * tree.modules.get("modules/worker")?.files.map((f) => f.path); // ["modules/worker/main.tf", …]
 */
export async function loadTerraformTree(root: string): Promise<HclTree> {
  const modules = new Map<string, HclFile[]>();
  const tfvars: HclFile[] = [];
  for (const absolute of walk(root)) {
    const path = relative(root, absolute);
    const body = (await parse(path, readFileSync(absolute, "utf8"))) as HclBody;
    if (path.endsWith(".tfvars")) {
      tfvars.push({ path, body });
      continue;
    }
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    modules.set(dir, [...(modules.get(dir) ?? []), { path, body }]);
  }
  return {
    root,
    modules: new Map([...modules].map(([dir, files]) => [dir, { dir, files }])),
    tfvars,
  };
}

/** A labelled block (`resource "type" "name"`, `variable "name"`, …) with the file it is in. */
export interface Block {
  readonly file: string;
  readonly labels: readonly string[];
  readonly body: HclBody;
}

/**
 * Every block of `kind` in a module, with its labels: `resource` and `data` have two, `variable`,
 * `output`, `module`, `check` one. Blocks of one kind may be spread over several files.
 *
 * @example
 * blocksOf(tree.modules.get("")!, "variable").map((b) => b.labels[0]); // ["environment", …]
 */
export function blocksOf(module: HclModule, kind: string): Block[] {
  const depth = kind === "resource" || kind === "data" ? 2 : 1;
  const out: Block[] = [];
  for (const file of module.files) {
    const top = file.body[kind];
    if (top === undefined) continue;
    const visit = (node: unknown, labels: string[]): void => {
      if (labels.length === depth) {
        for (const body of node as HclBody[]) out.push({ file: file.path, labels, body });
        return;
      }
      for (const [label, child] of Object.entries(node as Record<string, unknown>)) visit(child, [...labels, label]);
    };
    visit(top, []);
  }
  return out;
}

/**
 * The module's locals, merged over its `locals` blocks, each with the file that declares it.
 *
 * @example
 * localsOf(root).get("secret_names")?.value; // ["BOOTSTRAP_ADMIN_KEY", …]
 */
export function localsOf(module: HclModule): Map<string, { file: string; value: unknown }> {
  const out = new Map<string, { file: string; value: unknown }>();
  for (const file of module.files) {
    for (const block of (file.body.locals as HclBody[] | undefined) ?? []) {
      for (const [name, value] of Object.entries(block)) out.set(name, { file: file.path, value });
    }
  }
  return out;
}

/**
 * Every string in a parsed value (depth first), with the dotted path of keys that leads to it.
 *
 * @example
 * [...stringsIn({ a: ["${var.x}"] })]; // [{ path: "a.0", text: "${var.x}" }]
 */
export function* stringsIn(value: unknown, path = ""): Generator<{ path: string; text: string }> {
  if (typeof value === "string") yield { path, text: value };
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* stringsIn(v, path ? `${path}.${i}` : String(i));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) yield* stringsIn(v, path ? `${path}.${k}` : k);
  }
}
