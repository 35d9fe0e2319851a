/**
 * This isolate's cache of loaded policies (one `PolicyCache` from the core), shared by the Worker (its L1)
 * and the AgentState Durable Object: each bundle is compiled once per isolate. Copies read from KV are
 * checked against their hash before they are compiled (`verifiedPolicy`).
 */
import { PolicyCache, verifyBundleHash, type BundleRef, type LoadedPolicy, type PolicyBundle } from "@nethical/core";
import { DurableObjectError } from "../errors.ts";

const isolateCache = new PolicyCache(512);

/**
 * The cached policy for `tenant` and `ref`, if this isolate has compiled it.
 *
 * @example
 * const hit = cachedPolicy("acme", { seq: 3, hash }); // LoadedPolicy | undefined
 */
export function cachedPolicy(tenant: string, ref: BundleRef): LoadedPolicy | undefined {
  return isolateCache.get(tenant, ref);
}

/**
 * Compile `bundle` unless this isolate already has it; returns the cached entry. For bundles from a
 * trusted source (PolicyStore's own answer); use {@link verifiedPolicy} for copies read from KV.
 *
 * @example
 * const loaded = cachedLoad(bundle); // compiles on first sight of this bundle only
 */
export function cachedLoad(bundle: PolicyBundle): LoadedPolicy {
  return isolateCache.load(bundle);
}

/**
 * Like {@link cachedLoad}, but a bundle not yet cached must first match its hash (once per bundle per
 * isolate). Throws DurableObjectError `bundle_refused` (detail `hash_mismatch`) when it does not.
 *
 * @example
 * const loaded = await verifiedPolicy(bundleFromKv);
 */
export async function verifiedPolicy(bundle: PolicyBundle): Promise<LoadedPolicy> {
  const hit = isolateCache.get(bundle.tenant, bundle);
  if (hit !== undefined) return hit;
  if (!(await verifyBundleHash(bundle))) throw new DurableObjectError("bundle_refused", "hash_mismatch: policy bundle hash does not match its content");
  return isolateCache.load(bundle);
}

/**
 * How many bundles this isolate has compiled (for tests of compile-once).
 *
 * @example
 * const before = compilationCount(); cachedLoad(b); cachedLoad(b); compilationCount() - before; // at most 1
 */
export function compilationCount(): number {
  return isolateCache.compilations;
}
