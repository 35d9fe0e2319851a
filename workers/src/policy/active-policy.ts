/**
 * Which policy a tenant runs, resolved L1 → L2 → L3 → source of truth:
 * L1 this isolate's memory (compiled, trusted for POLICY_FRESH_MS); then the small KV pointer
 * `t:<tenant>:policy:seq` (`<seq>:<hash>`) says whether a newer bundle exists, so a new seq is picked up as
 * soon as it is known instead of after a TTL; the bundle for that version comes from L2 the Cache API
 * (keyed by a version URL, immutable), L3 Workers KV (by seq and hash, or the active copy), or the tenant's
 * PolicyStore. Every bundle entering L1 is verified (signature by a trusted key, hash, tenant) and a seq lower
 * than the one L1 holds is refused: a stale or forged copy can never roll a tenant back.
 */
import { BundleVerificationError, type PolicyBundle } from "@nethical/core";
import type { LoadedPolicy } from "@nethical/core";
import { cachedLoad } from "@nethical/durable-objects/policy/compiled-cache";
import { parseBundle } from "@nethical/durable-objects/policy/fetch-bundle";
import { activePolicyKey, canaryPolicyKey, policyBundleKey, policySeqKey } from "@nethical/durable-objects/storage-keys";
import { policyStoreStub } from "@nethical/durable-objects/policy-store/store-address";
import { DO_TIMEOUT_MS, KV_TIMEOUT_MS, withTimeout } from "../decide/with-timeout.ts";
import { inCanary } from "./canary-bucket.ts";
import { cacheGetBundle, cachePutBundle } from "./policy-cache.ts";
import { verifyForTenant } from "./verify.ts";
import { countMetric } from "../metrics/buffer.ts";
import { guardedCall } from "../slo/breakers.ts";
import type { DecisionBudget } from "../slo/decision-budget.ts";

/** How long an isolate uses its L1 entry before checking the seq pointer for a newer bundle. */
export const POLICY_FRESH_MS = 1_000;

interface Entry {
  policy: LoadedPolicy;
  checkedAt: number;
  canary: { percent: number; policy: LoadedPolicy } | null;
}

const active = new Map<string, Entry>();

/**
 * The tenant's active policy, compiled. Throws when no verified bundle can be found. With a decision
 * `budget` (the decision path), every KV and PolicyStore call goes through the tenant's latency breakers under
 * it (workers/src/slo/breakers.ts); without one, each call has its own fixed deadline.
 *
 * @example
 * const policy = await resolveActivePolicy(env, "acme", Date.now());
 * policy.bundle.seq; policy.version;
 */
export async function resolveActivePolicy(env: Env, tenant: string, now: number, budget?: DecisionBudget): Promise<LoadedPolicy> {
  const cached = active.get(tenant);
  if (cached !== undefined && now - cached.checkedAt < POLICY_FRESH_MS) return lookedUp(tenant, "l1", cached.policy);
  if (cached !== undefined) {
    const pointer = await readSeqPointer(env, tenant, budget);
    if (pointer !== null && pointer.seq <= cached.policy.bundle.seq) {
      cached.checkedAt = now;
      cached.canary = await resolveCanary(env, tenant, budget);
      return lookedUp(tenant, "l1", cached.policy);
    }
    const fresh = pointer === null ? null : await versionBundle(env, tenant, pointer, cached.policy.bundle.seq, budget);
    if (fresh !== null) return lookedUp(tenant, fresh.level, remember(fresh.policy, now, await resolveCanary(env, tenant, budget)));
  }
  const fromKv = await kvActive(env, tenant, cached?.policy.bundle.seq, budget);
  const bundle = fromKv ?? (await storeActive(env, tenant, cached?.policy.bundle.seq, budget));
  countMetric(tenant, "policy_lookups", { level: fromKv === null ? "store" : "l3" });
  await cachePutBundle(bundle);
  return remember(cachedLoad(bundle), now, await resolveCanary(env, tenant, budget));
}

/**
 * The canary policy for `agentId` if the tenant has a canary and the agent falls in its percentage (from L1,
 * filled by resolveActivePolicy); undefined otherwise.
 *
 * @example
 * const chosen = canaryPolicyFor("acme", "robot-7") ?? await resolveActivePolicy(env, "acme", now);
 */
export function canaryPolicyFor(tenant: string, agentId: string): LoadedPolicy | undefined {
  const canary = active.get(tenant)?.canary;
  return canary !== null && canary !== undefined && inCanary(agentId, canary.percent) ? canary.policy : undefined;
}

/**
 * Put a bundle this isolate got from PolicyStore itself (after a publish) in L1, unless L1 holds a higher seq.
 *
 * @example
 * rememberActivePolicy(await store.setPolicy(tenant, doc, now), now);
 */
export function rememberActivePolicy(bundle: PolicyBundle, now: number): LoadedPolicy {
  return remember(cachedLoad(bundle), now, active.get(bundle.tenant)?.canary ?? null);
}

/**
 * Empty L1 (all tenants, or one): what a fresh isolate sees. Used by the emergency flush and tests.
 *
 * @example
 * forgetActivePolicies("acme");
 */
export function forgetActivePolicies(tenant?: string): void {
  if (tenant === undefined) active.clear();
  else active.delete(tenant);
}

function remember(policy: LoadedPolicy, now: number, canary: Entry["canary"]): LoadedPolicy {
  const cached = active.get(policy.bundle.tenant);
  if (cached !== undefined && cached.policy.bundle.seq > policy.bundle.seq) {
    cached.checkedAt = now;
    return cached.policy;
  }
  active.set(policy.bundle.tenant, { policy, checkedAt: now, canary });
  return policy;
}

/** Where a bundle copy the Worker verifies came from (named in the refusal log line). */
type CopySource = "cache" | "kv_version" | "kv_active" | "kv_canary";

/**
 * One JSON line for a bundle copy the Worker refused: the tenant, where the copy came from, its seq and the
 * verification code (`bad_signature`, `unknown_key`, `hash_mismatch`, `wrong_tenant`, `stale_seq`,
 * `malformed`; `unverifiable` when verification itself failed). Never the policy, the signature or a key.
 *
 * @example
 * logRefusedBundle("acme", "kv_active", 7, new BundleVerificationError("bad_signature", "…"));
 * // {"event":"policy_bundle_refused","tenant":"acme","source":"kv_active","seq":7,"code":"bad_signature"}
 */
export function logRefusedBundle(tenant: string, source: CopySource, seq: number, error: unknown): void {
  const code = error instanceof BundleVerificationError ? error.code : "unverifiable";
  console.warn(JSON.stringify({ event: "policy_bundle_refused", tenant, source, seq, code }));
}

/** Verify a copy from the cache or KV; a refused copy is logged and read as "no usable copy" (null). */
async function verifiedCopy(env: Env, bundle: PolicyBundle, tenant: string, minSeq: number | undefined, source: CopySource): Promise<PolicyBundle | null> {
  try {
    return await verifyForTenant(env, bundle, tenant, minSeq);
  } catch (error) {
    logRefusedBundle(tenant, source, bundle.seq, error);
    return null;
  }
}

/** A KV read: under the decision budget and the tenant's KV breaker, or KV_TIMEOUT_MS without a budget. Null when it failed, was cut or refused. */
function kvRead<T>(tenant: string, budget: DecisionBudget | undefined, read: () => Promise<T>): Promise<T | null> {
  return (budget === undefined ? withTimeout(read(), KV_TIMEOUT_MS, "KV") : guardedCall(tenant, "kv", budget, read)).catch(() => null);
}

async function readSeqPointer(env: Env, tenant: string, budget: DecisionBudget | undefined): Promise<{ seq: number; hash: string } | null> {
  const raw = await kvRead(tenant, budget, () => env.POLICY_KV.get(policySeqKey(tenant)));
  const match = raw === null ? null : /^(\d{1,15}):([0-9a-f]{64})$/.exec(raw);
  return match === null ? null : { seq: Number(match[1]), hash: match[2] as string };
}

/** Count a policy resolution by the level that answered it (metrics), and pass the policy on. */
function lookedUp(tenant: string, level: "l1" | "l2" | "l3", policy: LoadedPolicy): LoadedPolicy {
  countMetric(tenant, "policy_lookups", { level });
  return policy;
}

async function versionBundle(env: Env, tenant: string, ref: { seq: number; hash: string }, minSeq: number, budget: DecisionBudget | undefined): Promise<{ policy: LoadedPolicy; level: "l2" | "l3" } | null> {
  const fromCache = await cacheGetBundle(tenant, ref);
  const candidate = fromCache ?? parseBundle(await kvRead(tenant, budget, () => env.POLICY_KV.get(policyBundleKey(tenant, ref.seq, ref.hash), "json")), tenant, ref);
  if (candidate === null) return null;
  const verified = await verifiedCopy(env, candidate, tenant, minSeq, fromCache === null ? "kv_version" : "cache");
  if (verified === null) return null;
  if (fromCache === null) await cachePutBundle(verified);
  return { policy: cachedLoad(verified), level: fromCache === null ? "l3" : "l2" };
}

async function kvActive(env: Env, tenant: string, minSeq: number | undefined, budget: DecisionBudget | undefined): Promise<PolicyBundle | null> {
  const raw = await kvRead(tenant, budget, () => env.POLICY_KV.get(activePolicyKey(tenant), "json"));
  const bundle = parseBundle(raw, tenant);
  return bundle === null ? null : verifiedCopy(env, bundle, tenant, minSeq, "kv_active");
}

async function storeActive(env: Env, tenant: string, minSeq: number | undefined, budget: DecisionBudget | undefined): Promise<PolicyBundle> {
  const read = () => policyStoreStub(env, tenant).getActive(tenant);
  const raw = await (budget === undefined ? withTimeout(read(), DO_TIMEOUT_MS, "PolicyStore") : guardedCall(tenant, "policy_store", budget, read));
  const bundle = parseBundle(raw, tenant);
  if (bundle === null) throw new Error("tenant has no active policy");
  return verifyForTenant(env, bundle, tenant, minSeq);
}

async function resolveCanary(env: Env, tenant: string, budget: DecisionBudget | undefined): Promise<Entry["canary"]> {
  const raw = await kvRead(tenant, budget, () => env.POLICY_KV.get(canaryPolicyKey(tenant), "json"));
  const record = raw as { percent?: unknown; bundle?: unknown } | null;
  if (record === null || typeof record.percent !== "number") return null;
  const bundle = parseBundle(record.bundle, tenant);
  if (bundle === null) return null;
  const verified = await verifiedCopy(env, bundle, tenant, undefined, "kv_canary");
  return verified === null ? null : { percent: record.percent, policy: cachedLoad(verified) };
}
