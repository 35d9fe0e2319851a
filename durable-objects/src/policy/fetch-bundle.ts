/**
 * Fetch a policy bundle by seq and hash: the KV copy (`t:<tenant>:policy:bundle:<seq>:<hash>`) first,
 * then the tenant's PolicyStore (the source of truth; KV may not have the copy yet in this location), addressed
 * through the residency seam in the tenant's jurisdiction.
 * A bundle is accepted only when it validates, is the tenant's bundle with that seq and hash, and its
 * signature verifies with a key of the platform key set usable now (verifyBundleWithKeySet: tampered, unsigned,
 * foreign bundles and bundles signed by a revoked or expired key refused).
 */
import { BundleVerificationError, PolicyBundleSchema, verifyBundleWithKeySet, type PolicyBundle } from "@nethical/core";
import { policyBundleKey } from "../storage-keys.ts";
import { policyStoreStub } from "../residency/placement.ts";
import { tenantRef } from "../residency/tenant-record.ts";
import type { BundleRef } from "@nethical/core";
import { policyKeySet } from "./signing-keys.ts";
import { DurableObjectError } from "../errors.ts";

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
 * verify) or from PolicyStore. A KV copy that fails verification is logged with its code and skipped.
 * Throws DurableObjectError `no_bundle` when neither has it, `bundle_refused` when PolicyStore's copy fails
 * verification.
 *
 * @example
 * const { bundle, fromKv } = await fetchBundle(env, "acme", { seq: 3, hash });
 */
export async function fetchBundle(env: Env, tenant: string, ref: BundleRef): Promise<{ bundle: PolicyBundle; fromKv: boolean }> {
  const keys = await policyKeySet(env);
  const raw = await env.POLICY_KV.get(policyBundleKey(tenant, ref.seq, ref.hash), "json").catch(() => null);
  const fromKv = parseBundle(raw, tenant, ref);
  if (fromKv !== null) {
    try {
      return { bundle: await verifyBundleWithKeySet(fromKv, keys, { tenant }), fromKv: true };
    } catch (error) {
      console.warn(JSON.stringify({ event: "policy_bundle_refused", tenant, source: "kv_version", seq: ref.seq, code: verificationCode(error) }));
    }
  }
  const fromStore = parseBundle(await policyStoreStub(env, await tenantRef(env, tenant)).getBundle(tenant, ref.seq), tenant, ref);
  if (fromStore === null) throw new DurableObjectError("no_bundle", "policy bundle not found");
  try {
    return { bundle: await verifyBundleWithKeySet(fromStore, keys, { tenant }), fromKv: false };
  } catch (error) {
    throw new DurableObjectError("bundle_refused", `PolicyStore's bundle ${ref.seq} refused: ${verificationCode(error)}`);
  }
}

function verificationCode(error: unknown): string {
  return error instanceof BundleVerificationError ? error.code : "unverifiable";
}
