/**
 * Which policy a tenant runs, resolved L1 → L3 → source of truth:
 * L1 this isolate's memory (tenant → compiled policy keyed by bundle hash; trusted for POLICY_FRESH_MS,
 * then re-checked), L3 the Workers KV copy (`t:<tenant>:policy:active`), then the tenant's PolicyStore
 * Durable Object. A bundle is compiled once per hash per isolate, and a lower seq never replaces a
 * higher one (a stale KV copy cannot roll a tenant back).
 */
import type { PolicyBundle } from "../../../shared/src/index.ts";
import { loadPolicy, verifiedPolicy, type LoadedPolicy } from "../../../durable-objects/src/policy/compiled-cache.ts";
import { parseBundle } from "../../../durable-objects/src/policy/fetch-bundle.ts";
import { activePolicyKey, policyStoreName } from "../../../durable-objects/src/storage-keys.ts";
import { DO_TIMEOUT_MS, KV_TIMEOUT_MS, withTimeout } from "../decide/with-timeout.ts";

/** How long an isolate uses its L1 entry before re-checking KV for a newer bundle. */
export const POLICY_FRESH_MS = 5_000;

const active = new Map<string, { policy: LoadedPolicy; checkedAt: number }>();

/**
 * The tenant's active policy, compiled. Throws when neither KV nor PolicyStore can provide one.
 *
 * @example
 * const policy = await resolveActivePolicy(env, "acme", Date.now());
 * policy.bundle.seq; policy.version;
 */
export async function resolveActivePolicy(env: Env, tenant: string, now: number): Promise<LoadedPolicy> {
  const cached = active.get(tenant);
  if (cached !== undefined && now - cached.checkedAt < POLICY_FRESH_MS) return cached.policy;
  const raw = await withTimeout(env.POLICY_KV.get(activePolicyKey(tenant), "json"), KV_TIMEOUT_MS, "KV").catch(() => null);
  const fromKv = parseBundle(raw, tenant);
  if (fromKv !== null && (cached === undefined || fromKv.seq >= cached.policy.bundle.seq)) {
    const verified = await verifiedPolicy(fromKv).catch(() => null);
    if (verified !== null) return remember(verified, now);
  }
  return rememberActivePolicy(await activeFromStore(env, tenant), now);
}

/**
 * Put `bundle` in L1 (unless L1 already holds a higher seq) and return what L1 now holds. Called after
 * resolving, and by `PUT /v2/policies/active` so this isolate uses a new policy at once.
 *
 * @example
 * rememberActivePolicy(await store.setPolicy(tenant, doc, now), now);
 */
export function rememberActivePolicy(bundle: PolicyBundle, now: number): LoadedPolicy {
  return remember(loadPolicy(bundle), now);
}

function remember(policy: LoadedPolicy, now: number): LoadedPolicy {
  const tenant = policy.bundle.tenant;
  const cached = active.get(tenant);
  if (cached !== undefined && cached.policy.bundle.seq > policy.bundle.seq) {
    cached.checkedAt = now;
    return cached.policy;
  }
  active.set(tenant, { policy, checkedAt: now });
  return policy;
}

/**
 * Empty L1: what a fresh isolate sees. For tests of the KV and PolicyStore paths.
 *
 * @example
 * forgetActivePolicies();
 */
export function forgetActivePolicies(): void {
  active.clear();
}

async function activeFromStore(env: Env, tenant: string): Promise<PolicyBundle> {
  const store = env.POLICY_STORE.get(env.POLICY_STORE.idFromName(policyStoreName(tenant)));
  const bundle = parseBundle(await withTimeout(store.getActive(tenant), DO_TIMEOUT_MS, "PolicyStore"), tenant);
  if (bundle === null) throw new Error("tenant has no active policy");
  return bundle;
}
