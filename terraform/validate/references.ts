/**
 * What `terraform validate` would refuse about names, checked on the parsed tree: every `var.`, `local.`,
 * `module.` and resource reference is declared; every module input is a variable of the called module and
 * every required variable is given; every tfvars key is a root variable; and no root output carries a
 * secret (a sensitive variable, a sensitive module output, or a local built from either).
 */
import { join, normalize } from "node:path";
import { blocksOf, localsOf, stringsIn, type HclModule, type HclTree } from "./hcl.ts";
import type { ProviderSchema } from "./provider-schema.ts";

/** One finding: where, and what is wrong (naming the offending name). */
export interface Problem {
  readonly file: string;
  readonly message: string;
}

const MODULE_META = new Set(["source", "version", "count", "for_each", "depends_on", "providers"]);
const REF = /(?<![\w.$-])(var|local|module)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][\w-]*))?/g;
const RESOURCE_REF = /(?<![\w.-])(data\.)?((?:cloudflare|neon)_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([a-z_][a-z0-9_]*))?/g;

/** Only interpolated strings hold references; plain strings (descriptions, messages) do not. */
function expressionsIn(value: unknown): { path: string; text: string }[] {
  return [...stringsIn(value)].filter((s) => s.text.includes("${"));
}

function moduleLabel(dir: string): string {
  return dir === "" ? "the root module" : `module ${dir}`;
}

/**
 * Resolves a module block's local `source` to the called module's directory in the tree.
 *
 * @example
 * calledModuleDir(rootModule, "./modules/region"); // "modules/region" (undefined for a registry source)
 */
export function calledModuleDir(caller: HclModule, source: string): string | undefined {
  if (!source.startsWith("./") && !source.startsWith("../")) return undefined;
  const dir = normalize(join(caller.dir, source));
  return dir === "." ? "" : dir;
}

function checkModuleReferences(tree: HclTree, module: HclModule, schema: ProviderSchema): Problem[] {
  const problems: Problem[] = [];
  const variables = new Set(blocksOf(module, "variable").map((b) => b.labels[0]));
  const locals = localsOf(module);
  const calls = new Map(blocksOf(module, "module").map((b) => [b.labels[0] as string, b]));
  const resources = new Set(blocksOf(module, "resource").map((b) => b.labels.join(".")));
  const dataSources = new Set(blocksOf(module, "data").map((b) => b.labels.join(".")));
  const where = moduleLabel(module.dir);

  for (const file of module.files) {
    for (const { path, text } of expressionsIn(file.body)) {
      for (const [, kind, name, attr] of text.matchAll(REF)) {
        if (kind === "var" && !variables.has(name)) {
          problems.push({ file: file.path, message: `var.${name} (at ${path}) is not a variable of ${where}` });
        } else if (kind === "local" && !locals.has(name as string)) {
          problems.push({ file: file.path, message: `local.${name} (at ${path}) is not a local of ${where}` });
        } else if (kind === "module") {
          const call = calls.get(name as string);
          if (!call) {
            problems.push({ file: file.path, message: `module.${name} (at ${path}) is not a module call in ${where}` });
            continue;
          }
          const childDir = calledModuleDir(module, String(call.body.source));
          const child = childDir === undefined ? undefined : tree.modules.get(childDir);
          const outputs = child ? new Set(blocksOf(child, "output").map((b) => b.labels[0])) : undefined;
          if (attr && outputs && !outputs.has(attr)) {
            problems.push({ file: file.path, message: `module.${name}.${attr} (at ${path}): ${childDir} has no output "${attr}"` });
          }
        }
      }
      for (const match of text.matchAll(RESOURCE_REF)) {
        const [, data, type, name, attr] = match as unknown as [string, string | undefined, string, string, string | undefined];
        const key = `${type}.${name}`;
        if (data ? !dataSources.has(key) : !resources.has(key)) {
          problems.push({ file: file.path, message: `${data ?? ""}${key} (at ${path}) is not declared in ${where}` });
          continue;
        }
        const known = data ? schema.dataSources.get(type) : schema.resources.get(type);
        if (attr && known && !known.readable.has(attr)) {
          problems.push({ file: file.path, message: `${data ?? ""}${key}.${attr} (at ${path}): ${type} has no attribute "${attr}"` });
        }
      }
    }
  }

  for (const [name, call] of calls) {
    const childDir = calledModuleDir(module, String(call.body.source));
    const child = childDir === undefined ? undefined : tree.modules.get(childDir);
    if (!child) {
      problems.push({ file: call.file, message: `module "${name}": source ${String(call.body.source)} is not a module in the tree` });
      continue;
    }
    const childVariables = blocksOf(child, "variable");
    const declared = new Set(childVariables.map((v) => v.labels[0]));
    for (const input of Object.keys(call.body)) {
      if (!MODULE_META.has(input) && !declared.has(input)) {
        problems.push({ file: call.file, message: `module "${name}": input "${input}" is not a variable of ${childDir}` });
      }
    }
    for (const v of childVariables) {
      if (!("default" in v.body) && !(v.labels[0] as string in call.body)) {
        problems.push({ file: call.file, message: `module "${name}": required input "${v.labels[0]}" of ${childDir} is not given` });
      }
    }
  }
  return problems;
}

function checkTfvars(tree: HclTree): Problem[] {
  const root = tree.modules.get("");
  if (!root) return [];
  const variables = blocksOf(root, "variable");
  const declared = new Set(variables.map((v) => v.labels[0]));
  const problems: Problem[] = [];
  for (const file of tree.tfvars) {
    for (const key of Object.keys(file.body)) {
      if (!declared.has(key)) problems.push({ file: file.path, message: `"${key}" is not a variable of the root module` });
    }
    for (const v of variables) {
      const name = v.labels[0] as string;
      const required = !("default" in v.body);
      if (required && v.body.sensitive !== true && !(name in file.body)) {
        problems.push({ file: file.path, message: `required variable "${name}" is not set` });
      }
      if (v.body.sensitive === true && name in file.body) {
        problems.push({ file: file.path, message: `sensitive variable "${name}" must come from TF_VAR_${name}, not a tfvars file` });
      }
    }
  }
  return problems;
}

/** Names (`var.x`, `module.m.o`, `local.l`) whose values are secret, closed over locals that use them. */
function secretNames(tree: HclTree, module: HclModule): Set<string> {
  const secret = new Set<string>();
  for (const v of blocksOf(module, "variable")) if (v.body.sensitive === true) secret.add(`var.${v.labels[0]}`);
  for (const call of blocksOf(module, "module")) {
    const childDir = calledModuleDir(module, String(call.body.source));
    const child = childDir === undefined ? undefined : tree.modules.get(childDir);
    for (const out of child ? blocksOf(child, "output") : []) {
      if (out.body.sensitive === true) secret.add(`module.${call.labels[0]}.${out.labels[0]}`);
    }
  }
  const locals = localsOf(module);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, { value }] of locals) {
      if (secret.has(`local.${name}`)) continue;
      const text = expressionsIn(value).map((s) => s.text).join("\n");
      if ([...secret].some((s) => new RegExp(`(?<![\\w.])${s.replaceAll(".", "\\.")}(?![\\w-])`).test(text))) {
        secret.add(`local.${name}`);
        changed = true;
      }
    }
  }
  return secret;
}

function checkOutputsCarryNoSecret(tree: HclTree): Problem[] {
  const root = tree.modules.get("");
  if (!root) return [];
  const secret = secretNames(tree, root);
  const problems: Problem[] = [];
  for (const out of blocksOf(root, "output")) {
    const text = expressionsIn(out.body.value).map((s) => s.text).join("\n");
    for (const name of secret) {
      if (new RegExp(`(?<![\\w.])${name.replaceAll(".", "\\.")}(?![\\w-])`).test(text)) {
        problems.push({ file: out.file, message: `output "${out.labels[0]}" carries the secret ${name}` });
      }
    }
    if (out.body.sensitive === true) {
      problems.push({ file: out.file, message: `output "${out.labels[0]}" is sensitive: secrets stay out of the root outputs` });
    }
  }
  return problems;
}

/**
 * Every naming problem in the tree (empty when `terraform validate` would accept the names).
 *
 * @example
 * const problems = checkReferences(await loadTerraformTree("terraform"), loadCloudflareSchema());
 * problems; // [] — or e.g. [{ file: "main.tf", message: "var.regoins (at …) is not a variable of the root module" }]
 */
export function checkReferences(tree: HclTree, schema: ProviderSchema): Problem[] {
  return [
    ...[...tree.modules.values()].flatMap((m) => checkModuleReferences(tree, m, schema)),
    ...checkTfvars(tree),
    ...checkOutputsCarryNoSecret(tree),
  ];
}
