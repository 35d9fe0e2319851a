/**
 * The Cloudflare provider's resource schema, read from the prebuilt provider bindings on npm
 * (`@cdktf/provider-cloudflare`, generated from the provider's own `terraform providers schema -json`).
 * The package's jsii assembly (`.jsii`) describes every resource class: its `tfResourceType`, its config
 * struct (one property per argument, each linking its Terraform name in the registry docs) and the nested
 * structs of object attributes. Nothing here is a hand-written list of attributes.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** One attribute of a resource, or of an object nested in it. */
export interface AttributeSchema {
  /** Attributes of the nested object (or of each element of a list/set/map of objects); empty for scalars. */
  readonly nested: ReadonlyMap<string, AttributeSchema>;
  /** Allowed string values when the provider documents them ("Available values: …"). */
  readonly enumValues: readonly string[];
}

/** One resource or data source type. */
export interface ResourceSchema {
  readonly type: string;
  /** Arguments that may be set in configuration. */
  readonly arguments: ReadonlyMap<string, AttributeSchema>;
  /** Every attribute that may be read (`type.name.attr`): the arguments plus computed attributes. */
  readonly readable: ReadonlySet<string>;
}

/** The schema of one provider: its version, resources and data sources by Terraform type name. */
export interface ProviderSchema {
  readonly providerVersion: string;
  readonly resources: ReadonlyMap<string, ResourceSchema>;
  readonly dataSources: ReadonlyMap<string, ResourceSchema>;
}

interface JsiiType {
  kind: string;
  fqn: string;
  datatype?: boolean;
  properties?: JsiiProperty[];
  initializer?: { parameters?: { type: JsiiTypeRef }[] };
  docs?: { summary?: string; remarks?: string };
}
interface JsiiProperty {
  name: string;
  static?: boolean;
  const?: boolean;
  type: JsiiTypeRef;
  docs?: { summary?: string; remarks?: string };
}
interface JsiiTypeRef {
  fqn?: string;
  primitive?: string;
  collection?: { kind: string; elementtype: JsiiTypeRef };
  union?: { types: JsiiTypeRef[] };
}

const DOC_ANCHOR = /docs\/(?:resources|data-sources)\/[a-z0-9_]+#([a-z0-9_]+) /;

/** `startupTimeMs` → `startup_time_ms`: the fallback when a property's docs carry no registry anchor. */
function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function terraformName(property: JsiiProperty): string {
  const match = DOC_ANCHOR.exec(property.docs?.remarks ?? "");
  return match?.[1] ?? snakeCase(property.name);
}

function enumValues(property: JsiiProperty): string[] {
  const text = `${property.docs?.summary ?? ""}\n${property.docs?.remarks ?? ""}`;
  const match = /Available values: ([^\n]*)/.exec(text);
  if (!match?.[1]) return [];
  return [...match[1].matchAll(/\\?"([^"\\]+)\\?"/g)].map((m) => m[1] as string);
}

/** Every struct fqn a type reference names (through arrays, maps and unions with IResolvable). */
function structFqns(ref: JsiiTypeRef, types: Record<string, JsiiType>): string[] {
  if (ref.fqn) return types[ref.fqn]?.datatype ? [ref.fqn] : [];
  if (ref.collection) return structFqns(ref.collection.elementtype, types);
  if (ref.union) return ref.union.types.flatMap((t) => structFqns(t, types));
  return [];
}

function attributesOf(
  fqn: string,
  types: Record<string, JsiiType>,
  seen: ReadonlySet<string>,
): Map<string, AttributeSchema> {
  const struct = types[fqn];
  const out = new Map<string, AttributeSchema>();
  if (!struct?.properties || seen.has(fqn)) return out;
  const next = new Set(seen).add(fqn);
  for (const property of struct.properties) {
    const nested = new Map<string, AttributeSchema>();
    for (const child of structFqns(property.type, types)) {
      for (const [name, schema] of attributesOf(child, types, next)) nested.set(name, schema);
    }
    out.set(terraformName(property), { nested, enumValues: enumValues(property) });
  }
  return out;
}

/** cdktf's meta-argument struct (count, for_each, …) is the provider-independent part of each config. */
const META_ARGUMENT_STRUCT = "cdktf.TerraformMetaArguments";

function loadAssembly(): { version: string; types: Record<string, JsiiType> } {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve("@cdktf/provider-cloudflare/package.json"));
  const assembly = JSON.parse(readFileSync(join(root, ".jsii"), "utf8")) as {
    types: Record<string, JsiiType>;
    metadata?: { cdktf?: { provider?: { version?: string } } };
  };
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    cdktf?: { provider?: { version?: string } };
  };
  return { version: pkg.cdktf?.provider?.version ?? "unknown", types: assembly.types };
}

let cached: ProviderSchema | undefined;

/**
 * Loads the Cloudflare provider schema from `@cdktf/provider-cloudflare` (once per process; ~0.3 s).
 *
 * @example
 * const schema = loadCloudflareSchema();
 * schema.resources.get("cloudflare_queue")?.arguments.has("queue_name"); // true
 * schema.providerVersion; // "5.14.0"
 */
export function loadCloudflareSchema(): ProviderSchema {
  if (cached) return cached;
  const { version, types } = loadAssembly();
  const resources = new Map<string, ResourceSchema>();
  const dataSources = new Map<string, ResourceSchema>();
  for (const type of Object.values(types)) {
    if (type.kind !== "class") continue;
    const isResource = type.properties?.some((p) => p.static && p.name === "tfResourceType");
    if (!isResource) continue;
    const configFqn = type.initializer?.parameters?.[2]?.type.fqn;
    if (!configFqn) continue;
    const typeName = /(?:resources|data-sources)\/([a-z0-9_]+)/.exec(type.docs?.remarks ?? type.docs?.summary ?? "")?.[1];
    const isData = type.fqn.split(".").at(-1)?.startsWith("DataCloudflare") ?? false;
    const name = typeName ? `cloudflare_${typeName}` : undefined;
    if (!name) continue;
    const args = attributesOf(configFqn, types, new Set([META_ARGUMENT_STRUCT]));
    const readable = new Set(args.keys());
    for (const p of type.properties ?? []) {
      if (!p.static && !p.name.endsWith("Input")) readable.add(snakeCase(p.name));
    }
    (isData ? dataSources : resources).set(name, { type: name, arguments: args, readable });
  }
  cached = { providerVersion: version, resources, dataSources };
  return cached;
}
