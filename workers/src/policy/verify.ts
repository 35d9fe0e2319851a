/**
 * The Worker's gate for every bundle it did not just receive from its own publish: signed by a trusted key
 * in the platform key set and usable now — not revoked, inside its window (`GET /v2/policies/keys`) — unmodified, its hash matching its policy, for this tenant, and not older than
 * what the isolate already runs. Refusals throw BundleVerificationError with a code (`bad_signature`,
 * `unknown_key`, `revoked_key`, `expired_key`, `key_not_yet_valid`, `hash_mismatch`, `wrong_tenant`, `stale_seq`, `malformed`).
 */
import { verifyBundleWithKeySet, type PolicyBundle } from "@nethical/core";
import { policyKeySet } from "@nethical/durable-objects/policy/signing-keys";

/**
 * Verify `bundle` for `tenant`; `minSeq` (the seq this isolate runs) refuses anything older.
 *
 * @example
 * const bundle = await verifyForTenant(env, fromKv, "acme", current.seq);
 */
export async function verifyForTenant(env: Env, bundle: PolicyBundle, tenant: string, minSeq: number | undefined): Promise<PolicyBundle> {
  const options = minSeq === undefined ? { tenant } : { tenant, minSeq };
  return verifyBundleWithKeySet(bundle, await policyKeySet(env), options);
}
