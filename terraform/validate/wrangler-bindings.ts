/**
 * wrangler.toml's bindings, at the top level (development: `wrangler dev`, the vitest workers project)
 * or in one `[env.<name>]` section, with wrangler's inheritance rule: vars, Durable Objects, KV, queues,
 * rate limits and secrets are not inherited from the top level; migrations and compatibility settings are.
 */
import { parse } from "smol-toml";
import type { BindingSet, ConsumerSettings } from "./binding-set.ts";

type Table = Record<string, unknown>;

/** A parsed wrangler.toml. */
export interface WranglerConfig {
  readonly raw: Table;
  /** Names of the `[env.*]` sections. */
  readonly environments: readonly string[];
}

/**
 * Parses wrangler.toml text.
 *
 * @example
 * const config = parseWrangler(readFileSync("wrangler.toml", "utf8"));
 * config.environments; // ["staging", "production"]
 */
export function parseWrangler(text: string): WranglerConfig {
  const raw = parse(text) as Table;
  return { raw, environments: Object.keys((raw.env as Table | undefined) ?? {}) };
}

function tables(value: unknown): Table[] {
  return Array.isArray(value) ? (value as Table[]) : [];
}

function consumerSettings(c: Table): ConsumerSettings {
  return {
    batch_size: Number(c.max_batch_size ?? 10),
    max_wait_time_ms: Math.round(Number(c.max_batch_timeout ?? 5) * 1000),
    max_retries: Number(c.max_retries ?? 3),
    dead_letter_queue: typeof c.dead_letter_queue === "string" ? c.dead_letter_queue : null,
  };
}

/**
 * The section a scope reads: the top level, or `env.<name>`.
 *
 * @example
 * scopeTable(config, "production"); // the [env.production] table; throws when wrangler.toml has none
 */
export function scopeTable(config: WranglerConfig, env: string | undefined): Table {
  if (env === undefined) return config.raw;
  const section = (config.raw.env as Table | undefined)?.[env] as Table | undefined;
  if (!section) throw new Error(`wrangler.toml has no [env.${env}]`);
  return section;
}

/**
 * The bindings wrangler would deploy for `env` (undefined: the top level).
 *
 * @example
 * wranglerBindings(config, "production").durableObjects.get("AUDIT_LOG"); // "AuditLog"
 */
export function wranglerBindings(config: WranglerConfig, env: string | undefined): BindingSet {
  const scope = scopeTable(config, env);
  const inherited = (key: string): unknown => scope[key] ?? config.raw[key];
  const queues = (scope.queues as Table | undefined) ?? {};
  const secrets = (scope.secrets as Table | undefined)?.required;
  return {
    kv: tables(scope.kv_namespaces).map((k) => String(k.binding)),
    r2: tables(scope.r2_buckets).map((b) => String(b.binding)),
    durableObjects: new Map(
      tables((scope.durable_objects as Table | undefined)?.bindings).map((d) => [String(d.name), String(d.class_name)]),
    ),
    migrations: tables(inherited("migrations")).map((m) => ({
      tag: String(m.tag),
      newSqliteClasses: ((m.new_sqlite_classes as string[] | undefined) ?? []).map(String),
    })),
    queueProducers: new Map(tables(queues.producers).map((p) => [String(p.binding), String(p.queue)])),
    queueConsumers: new Map(tables(queues.consumers).map((c) => [String(c.queue), consumerSettings(c)])),
    rateLimits: tables(scope.ratelimits).map((r) => String(r.name)),
    vars: new Map(Object.entries((scope.vars as Table | undefined) ?? {}).map(([k, v]) => [k, String(v)])),
    secrets: Array.isArray(secrets) ? secrets.map(String) : undefined,
  };
}
