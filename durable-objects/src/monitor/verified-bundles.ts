/**
 * This isolate's record of the policy bundles whose signature was verified here (verifyBundleWithKeySet with
 * the platform key set): the trust root of the runtime monitor's P3 ("only signed policies decide") in the
 * AgentState object. Bounded (oldest forgotten first; a forgotten bundle is verified again before use).
 */
import { verifyBundleWithKeySet, type PolicyBundle } from "@nethical/core";
import { BoundedMap } from "@nethical/core/monitor/index.ts";
import { policyKeySet } from "../policy/signing-keys.ts";

const verified = new BoundedMap<string, true>(1_024);
const keyOf = (tenant: string, hash: string): string => `${tenant}:${hash}`;

/**
 * Record that `bundle`'s signature verified in this isolate.
 *
 * @example
 * markVerified(bundle); // after verifyBundleWithKeySet(bundle, keys, { tenant }) resolved
 */
export function markVerified(bundle: Pick<PolicyBundle, "tenant" | "hash">): void {
  verified.set(keyOf(bundle.tenant, bundle.hash), true);
}

/**
 * Whether `tenant`'s bundle `hash` was verified in this isolate.
 *
 * @example
 * isVerified("acme", bundle.hash); // true after markVerified(bundle)
 */
export function isVerified(tenant: string, hash: string): boolean {
  return verified.get(keyOf(tenant, hash)) !== undefined;
}

/**
 * Verify `bundle` (signature with the platform key set, tenant) unless this isolate already did; throws
 * BundleVerificationError when it does not verify.
 *
 * @example
 * await ensureVerified(env, loaded.bundle);
 */
export async function ensureVerified(env: Env, bundle: PolicyBundle): Promise<void> {
  if (isVerified(bundle.tenant, bundle.hash)) return;
  await verifyBundleWithKeySet(bundle, await policyKeySet(env), { tenant: bundle.tenant });
  markVerified(bundle);
}
