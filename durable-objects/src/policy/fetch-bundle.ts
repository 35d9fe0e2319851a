/**
 * Fetch a policy bundle by seq and hash: the KV copy (`t:<tenant>:policy:bundle:<seq>:<hash>`) first,
 * then the tenant's PolicyStore (the source of truth; KV may not have the copy yet in this location).
 * A bundle is accepted only when it validates and is the tenant's bundle with that seq and hash.
 */
import { PolicyBundleSchema, type PolicyBundle } from "../../../shared/src/index.ts";
import { policyBundleKey, policyStoreName } from "../storage-keys.ts";
import type { BundleRef } from "./compiled-cache.ts";

/**
 * Parse a stored bundle, or null when it is malformed, another tenant's, or not the bundle `ref` names.
 *
 * @example
 * const bundle = parseBundle(await kv.get(key, "json"), "acme", { seq: 3, hash });
 */
export function parseBundle(raw: unknown, tenant: string, ref?: BundleRef): PolicyBundle | null {
  const parsed = PolicyBundleSchema.safeParse(raw);
  if (!parsed.success || parsed.data.tenant !== tenant) return null;
  if (ref !== undefined && (parsed.data.hash !== ref.hash || parsed.data.seq !== ref.seq)) return null;
  return parsed.data;
}

/**
 * The bundle `ref` of `tenant`, and whether it came from KV (a copy whose hash the caller should
 * verify) or from PolicyStore. Throws when neither has it.
 *
 * @example
 * const { bundle, fromKv } = await fetchBundle(env, "acme", { seq: 3, hash });
 */
export async function fetchBundle(env: Env, tenant: string, ref: BundleRef): Promise<{ bundle: PolicyBundle; fromKv: boolean }> {
  const raw = await env.POLICY_KV.get(policyBundleKey(tenant, ref.seq, ref.hash), "json").catch(() => null);
  const fromKv = parseBundle(raw, tenant, ref);
  if (fromKv !== null) return { bundle: fromKv, fromKv: true };
  const store = env.POLICY_STORE.get(env.POLICY_STORE.idFromName(policyStoreName(tenant)));
  const fromStore = parseBundle(await store.getBundle(tenant, ref.seq), tenant, ref);
  if (fromStore === null) throw new Error("policy bundle not found");
  return { bundle: fromStore, fromKv: false };
}
