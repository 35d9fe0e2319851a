/**
 * The Worker's bindings on the Terraform side: the literal locals of the root module's bindings.tf
 * (durable_objects, durable_object_migrations, kv_namespaces, r2_buckets, queue_producers, queue_consumers,
 * inherited_bindings, worker_vars, secret_names/secret_values), from which modules/worker builds every
 * version's bindings.
 */
import { localsOf, type HclTree } from "./hcl.ts";
import type { BindingSet } from "./binding-set.ts";

type Row = Record<string, unknown>;

function rows(locals: ReturnType<typeof localsOf>, name: string): Row[] {
  const local = locals.get(name);
  if (!local) throw new Error(`terraform: the root module has no local "${name}" (bindings.tf)`);
  if (!Array.isArray(local.value)) throw new Error(`terraform: local.${name} must be a literal list (bindings.tf)`);
  return local.value as Row[];
}

function literal(value: unknown): string | undefined {
  return typeof value === "string" && !value.includes("${") ? value : undefined;
}

/**
 * The bindings every region's Worker gets from Terraform. `secrets` lists `secret_names`; a name in
 * `secret_values` but not `secret_names` (or the reverse) is reported by compare-bindings.ts.
 *
 * @example
 * terraformBindings(await loadTerraformTree("terraform")).queueProducers.get("AUDIT_QUEUE"); // "nethical-audit"
 */
export function terraformBindings(tree: HclTree): BindingSet & { secretValueNames: readonly string[]; optionalSecrets: readonly string[] } {
  const root = tree.modules.get("");
  if (!root) throw new Error("terraform: no root module");
  const locals = localsOf(root);
  const workerVars = locals.get("worker_vars")?.value as Row | undefined;
  if (!workerVars || Array.isArray(workerVars)) throw new Error("terraform: local.worker_vars must be an object (bindings.tf)");
  const secretValues = locals.get("secret_values")?.value as Row | undefined;
  return {
    kv: rows(locals, "kv_namespaces").map((k) => String(k.binding)),
    r2: rows(locals, "r2_buckets").map((b) => String(b.binding)),
    durableObjects: new Map(rows(locals, "durable_objects").map((d) => [String(d.binding), String(d.class_name)])),
    migrations: rows(locals, "durable_object_migrations").map((m) => ({
      tag: String(m.tag),
      newSqliteClasses: ((m.new_sqlite_classes as unknown[] | undefined) ?? []).map(String),
    })),
    queueProducers: new Map(rows(locals, "queue_producers").map((p) => [String(p.binding), String(p.queue)])),
    queueConsumers: new Map(
      rows(locals, "queue_consumers").map((c) => [
        String(c.queue),
        {
          batch_size: Number(c.batch_size),
          max_wait_time_ms: Number(c.max_wait_time_ms),
          max_retries: Number(c.max_retries),
          dead_letter_queue: typeof c.dead_letter_queue === "string" ? c.dead_letter_queue : null,
        },
      ]),
    ),
    rateLimits: (rows(locals, "inherited_bindings") as unknown[]).map(String),
    vars: new Map(Object.entries(workerVars).map(([k, v]) => [k, literal(v)])),
    secrets: (rows(locals, "secret_names") as unknown[]).map(String),
    secretValueNames: Object.keys(secretValues ?? {}),
    optionalSecrets: locals.has("optional_secret_names") ? (rows(locals, "optional_secret_names") as unknown[]).map(String) : [],
  };
}
