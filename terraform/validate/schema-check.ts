/**
 * Every Cloudflare resource and data source in the tree against the provider's schema
 * (provider-schema.ts): the type exists, every argument exists, nested object attributes exist, and string
 * literals of enumerated attributes are allowed values. Inside expressions (a list built with `for`, a
 * conditional object), the keys of object constructors (`{ name = …, type = … }`) are checked against the
 * attribute's nested schema, and `type = "…"`-style literals against its enumerations.
 */
import { blocksOf, type HclModule, type HclTree } from "./hcl.ts";
import type { AttributeSchema, ProviderSchema } from "./provider-schema.ts";
import type { Problem } from "./references.ts";

/** Terraform's own meta-arguments and blocks, valid in every resource whatever the provider. */
const META = new Set(["count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection"]);

/** Keys of object constructors in an HCL expression: `{ a = 1, b = x }` → a, b (not `==` comparisons). */
const OBJECT_KEY = /[{,\n]\s*([a-z_][a-z0-9_]*)\s*=(?![=>])/g;
const STRING_FIELD = /([a-z_][a-z0-9_]*)\s*=\s*"([^"$]*)"/g;

/** Every attribute name in a nested schema, at any depth, with its enumeration. */
function flatten(nested: ReadonlyMap<string, AttributeSchema>, into = new Map<string, AttributeSchema>()): Map<string, AttributeSchema> {
  for (const [name, schema] of nested) {
    into.set(name, schema);
    flatten(schema.nested, into);
  }
  return into;
}

function checkExpression(
  text: string,
  attribute: string,
  schema: AttributeSchema,
  at: string,
  file: string,
): Problem[] {
  if (schema.nested.size === 0) return [];
  const allowed = flatten(schema.nested);
  const problems: Problem[] = [];
  // Strip nested interpolations' quotes so `"${x}"` in a template is not read as a key.
  for (const [, key] of text.matchAll(OBJECT_KEY)) {
    if (!allowed.has(key as string)) problems.push({ file, message: `${at}: "${key}" is not an attribute of ${attribute}` });
  }
  for (const [, key, literal] of text.matchAll(STRING_FIELD)) {
    const values = allowed.get(key as string)?.enumValues ?? [];
    if (values.length > 0 && !values.includes(literal as string)) {
      problems.push({ file, message: `${at}: ${key} = "${literal}" is not one of ${values.join(", ")}` });
    }
  }
  return problems;
}

function checkValue(
  value: unknown,
  name: string,
  schema: AttributeSchema,
  at: string,
  file: string,
): Problem[] {
  if (typeof value === "string") {
    if (value.includes("${")) return checkExpression(value, name, schema, at, file);
    if (schema.enumValues.length > 0 && !schema.enumValues.includes(value)) {
      return [{ file, message: `${at}: "${value}" is not one of ${schema.enumValues.join(", ")}` }];
    }
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => checkValue(v, name, schema, `${at}[${i}]`, file));
  if (value && typeof value === "object") {
    if (schema.nested.size === 0) return [];
    return Object.entries(value).flatMap(([key, v]) => {
      const child = schema.nested.get(key);
      if (!child) return [{ file, message: `${at}: "${key}" is not an attribute of ${name}` }];
      return checkValue(v, key, child, `${at}.${key}`, file);
    });
  }
  return [];
}

function checkModule(module: HclModule, schema: ProviderSchema): Problem[] {
  const problems: Problem[] = [];
  for (const [kind, known] of [
    ["resource", schema.resources],
    ["data", schema.dataSources],
  ] as const) {
    for (const block of blocksOf(module, kind)) {
      const [type, name] = block.labels as [string, string];
      if (!type.startsWith("cloudflare_")) continue;
      const resource = known.get(type);
      const label = `${kind === "data" ? "data." : ""}${type}.${name}`;
      if (!resource) {
        problems.push({ file: block.file, message: `${label}: ${type} is not a ${kind === "data" ? "data source" : "resource"} of the Cloudflare provider ${schema.providerVersion}` });
        continue;
      }
      for (const [key, value] of Object.entries(block.body)) {
        if (META.has(key)) continue;
        const attribute = resource.arguments.get(key);
        if (!attribute) {
          problems.push({ file: block.file, message: `${label}: "${key}" is not an argument of ${type} (provider ${schema.providerVersion})` });
          continue;
        }
        problems.push(...checkValue(value, key, attribute, `${label}.${key}`, block.file));
      }
    }
  }
  return problems;
}

/**
 * Schema problems of every Cloudflare resource and data source in the tree (empty when all exist).
 *
 * @example
 * checkProviderSchema(await loadTerraformTree("terraform"), loadCloudflareSchema());
 * // [] — or e.g. [{ file: "modules/queues/main.tf", message: "cloudflare_queue.this: \"name\" is not an argument of cloudflare_queue (provider 5.14.0)" }]
 */
export function checkProviderSchema(tree: HclTree, schema: ProviderSchema): Problem[] {
  return [...tree.modules.values()].flatMap((m) => checkModule(m, schema));
}
