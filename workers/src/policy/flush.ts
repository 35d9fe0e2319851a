/**
 * Emergency flush (`POST /v2/policies/flush`, admin): drop the tenant's policy from this isolate (L1) and
 * this colo's Cache API (L2), and rewrite the KV copy and seq pointer (L3) from PolicyStore, so every
 * consumer's next read goes back to the source of truth. Seq checks still apply: a flush cannot roll back.
 */
import { policyStoreStub } from "@nethical/durable-objects/policy-store/store-address";
import { activePolicyKey, policySeqKey } from "@nethical/durable-objects/storage-keys";
import { parseBundle } from "@nethical/durable-objects/policy/fetch-bundle";
import { DO_TIMEOUT_MS, withTimeout } from "../decide/with-timeout.ts";
import { forgetActivePolicies, resolveActivePolicy } from "./active-policy.ts";
import { cacheDeleteBundles } from "./policy-cache.ts";
import { verifyForTenant } from "./verify.ts";

/** What a flush did. */
export interface FlushResult {
  tenant: string;
  /** Seq of the active bundle after the flush. */
  seq: number;
  policy_version: string;
  l2_deleted: number;
}

/**
 * Flush `tenant`'s policy caches and reload from PolicyStore.
 *
 * @example
 * const result = await flushPolicyCaches(env, "acme", Date.now());
 */
export async function flushPolicyCaches(env: Env, tenant: string, now: number): Promise<FlushResult> {
  const stub = policyStoreStub(env, tenant);
  const raw = parseBundle(await withTimeout(stub.getActive(tenant), DO_TIMEOUT_MS, "PolicyStore"), tenant);
  if (raw === null) throw new Error("tenant has no active policy");
  const bundle = await verifyForTenant(env, raw, tenant, undefined);
  const refs = [];
  for (let seq = Math.max(1, bundle.seq - 16); seq <= bundle.seq; seq++) {
    const old = seq === bundle.seq ? bundle : await stub.getBundle(tenant, seq);
    if (old !== null) refs.push({ seq: old.seq, hash: old.hash });
  }
  const deleted = await cacheDeleteBundles(tenant, refs);
  await env.POLICY_KV.put(activePolicyKey(tenant), JSON.stringify(bundle));
  await env.POLICY_KV.put(policySeqKey(tenant), `${bundle.seq}:${bundle.hash}`);
  forgetActivePolicies(tenant);
  const loaded = await resolveActivePolicy(env, tenant, now);
  return { tenant, seq: loaded.bundle.seq, policy_version: loaded.version, l2_deleted: deleted };
}
