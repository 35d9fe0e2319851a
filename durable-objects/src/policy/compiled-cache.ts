/**
 * Isolate cache of compiled policies, keyed by tenant, bundle seq and bundle hash: that triple names
 * exactly one bundle, so an entry never goes stale, and each bundle is compiled once per isolate.
 * Shared by the Worker (its L1) and the AgentState Durable Object.
 */
import { compilePolicy, verifyBundleHash, type CompiledPolicy, type PolicyBundle } from "@nethical/core";
import { rateLimitOf, type RateLimit } from "../agent-state/token-bucket.ts";

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
  /** The AgentState token bucket's parameters from `policy.limits.rate_limit` (or the defaults). */
  rateLimit: RateLimit;
}

const MAX_ENTRIES = 512;
const entries = new Map<string, LoadedPolicy>();
let compilations = 0;

const keyOf = (tenant: string, ref: BundleRef): string => `${tenant}:${ref.seq}:${ref.hash}`;

/**
 * The cached policy for `tenant` and `ref`, if this isolate has compiled it.
 *
 * @example
 * const hit = cachedPolicy("acme", { seq: 3, hash }); // LoadedPolicy | undefined
 */
export function cachedPolicy(tenant: string, ref: BundleRef): LoadedPolicy | undefined {
  return entries.get(keyOf(tenant, ref));
}

/**
 * Compile `bundle` unless this isolate already has it; returns the cached entry. For bundles from a
 * trusted source (PolicyStore's own answer); use {@link verifiedPolicy} for copies read from KV.
 *
 * @example
 * const loaded = loadPolicy(bundle); // compiles on first sight of this bundle only
 */
export function loadPolicy(bundle: PolicyBundle): LoadedPolicy {
  const key = keyOf(bundle.tenant, bundle);
  const hit = entries.get(key);
  if (hit !== undefined) return hit;
  const compiled = compilePolicy(bundle);
  const loaded: LoadedPolicy = { bundle, compiled, version: compiled.version, rateLimit: rateLimitOf(bundle.policy) };
  compilations++;
  if (entries.size >= MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) entries.delete(oldest);
  }
  entries.set(key, loaded);
  return loaded;
}

/**
 * Like {@link loadPolicy}, but a bundle not yet cached must first match its hash (once per bundle per
 * isolate). Throws when it does not.
 *
 * @example
 * const loaded = await verifiedPolicy(bundleFromKv);
 */
export async function verifiedPolicy(bundle: PolicyBundle): Promise<LoadedPolicy> {
  const hit = entries.get(keyOf(bundle.tenant, bundle));
  if (hit !== undefined) return hit;
  if (!(await verifyBundleHash(bundle))) throw new Error("policy bundle hash does not match its content");
  return loadPolicy(bundle);
}

/**
 * How many bundles this isolate has compiled (for tests of compile-once).
 *
 * @example
 * const before = compilationCount(); loadPolicy(b); loadPolicy(b); compilationCount() - before; // at most 1
 */
export function compilationCount(): number {
  return compilations;
}
