/**
 * A policy bundle ready to decide with: the bundle, its compiled form, its version and its token-bucket
 * parameters. `loadPolicy` is pure; `PolicyCache` is the per-process (per-isolate) memo its owners keep,
 * keyed by tenant, seq and hash: that triple names exactly one bundle, so an entry never goes stale.
 */
import { compilePolicy, type CompiledPolicy, type CompileOptions } from "../policy/compile.ts";
import type { PolicyBundle } from "../policy/bundle.ts";
import { rateLimitOf, type RateLimit } from "./token-bucket.ts";

/** Which bundle: its sequence number and content hash. */
export interface BundleRef {
  seq: number;
  hash: string;
}

/** A bundle ready to evaluate with. */
export interface LoadedPolicy {
  bundle: PolicyBundle;
  compiled: CompiledPolicy;
  /** `policyVersion(bundle)`: what responses and `X-Nethical-Policy-Version` carry. */
  version: string;
  /** The token bucket's parameters from `policy.limits.rate_limit` (or the defaults). */
  rateLimit: RateLimit;
}

/**
 * Compile `bundle` (no cache: see {@link PolicyCache}). Throws `PolicyError` when it does not compile.
 * `options` as for `compilePolicy` (`validated`: skip the schema parse of an already validated policy).
 *
 * @example
 * const loaded = loadPolicy(bundle);
 * loaded.version; // "3.1a2b3c4d5e6f"
 */
export function loadPolicy(bundle: PolicyBundle, options: CompileOptions = {}): LoadedPolicy {
  const compiled = compilePolicy(bundle, options);
  return { bundle, compiled, version: compiled.version, rateLimit: rateLimitOf(bundle.policy) };
}

/**
 * A bounded memo of loaded policies (oldest entry evicted first), so each bundle is compiled once.
 *
 * @example
 * const cache = new PolicyCache(512);
 * cache.load(bundle) === cache.load(bundle); // true: compiled once
 * cache.get("acme", { seq: bundle.seq, hash: bundle.hash }); // the same entry
 */
export class PolicyCache {
  readonly #entries = new Map<string, LoadedPolicy>();
  readonly #maxEntries: number;
  #compilations = 0;

  constructor(maxEntries: number = 512) {
    this.#maxEntries = Math.max(1, maxEntries);
  }

  /** The loaded policy for `tenant` and `ref`, if this cache has it. */
  get(tenant: string, ref: BundleRef): LoadedPolicy | undefined {
    return this.#entries.get(keyOf(tenant, ref));
  }

  /** The cached entry for `bundle`, compiling it on first sight. */
  load(bundle: PolicyBundle): LoadedPolicy {
    const key = keyOf(bundle.tenant, bundle);
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit;
    const loaded = loadPolicy(bundle);
    this.#compilations++;
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, loaded);
    return loaded;
  }

  /** How many bundles this cache has compiled (for tests of compile-once). */
  get compilations(): number {
    return this.#compilations;
  }
}

const keyOf = (tenant: string, ref: BundleRef): string => `${tenant}:${ref.seq}:${ref.hash}`;
