/**
 * One Worker's bindings by name, in a shape both wrangler.toml and Terraform reduce to, so the two can be
 * compared name by name (compare-bindings.ts).
 */

/** A queue consumer's settings in the provider's units (milliseconds, not wrangler's seconds). */
export interface ConsumerSettings {
  readonly batch_size: number;
  readonly max_wait_time_ms: number;
  readonly max_retries: number;
  readonly dead_letter_queue: string | null;
}

/** Every binding of one Worker configuration. */
export interface BindingSet {
  /** KV namespace binding names. */
  readonly kv: readonly string[];
  /** R2 bucket binding names. */
  readonly r2: readonly string[];
  /** Durable Object binding name → class name. */
  readonly durableObjects: ReadonlyMap<string, string>;
  /** Durable Object migrations in order: tag → new SQLite classes. */
  readonly migrations: readonly { tag: string; newSqliteClasses: readonly string[] }[];
  /** Queue producer binding → queue name. */
  readonly queueProducers: ReadonlyMap<string, string>;
  /** Consumed queue → settings. */
  readonly queueConsumers: ReadonlyMap<string, ConsumerSettings>;
  /** Rate-limit binding names. */
  readonly rateLimits: readonly string[];
  /** Plain-text var name → value (undefined where the value is an expression). */
  readonly vars: ReadonlyMap<string, string | undefined>;
  /** Secret names (undefined where the configuration does not list them, e.g. wrangler's top level). */
  readonly secrets: readonly string[] | undefined;
}
