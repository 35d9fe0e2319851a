/**
 * The canary channel: while a version is a canary, `percent`% of agents (chosen by a hash of their
 * agent_id, workers/src/policy/canary-bucket.ts) are decided with its signed bundle. The store keeps the
 * current canary in its `meta` table and in KV (`t:<tenant>:policy:canary`), and removes both when the
 * canary ends.
 */
import type { PolicyBundle, PolicyReplica, Signer } from "@nethical/core";
import { canaryPolicyKey, policyBundleKey } from "../storage-keys.ts";
import { getMeta, setMeta } from "./bundle-table.ts";
import { canaryVersion } from "./policy-versions.ts";
import { bundleFor, signed } from "./publish.ts";

/** The canary as stored and served. */
export interface CanaryInfo {
  percent: number;
  bundle: PolicyBundle;
}

/**
 * The current canary, or null.
 *
 * @example
 * canaryOf(sql)?.percent; // 10
 */
export function canaryOf(sql: SqlStorage): CanaryInfo | null {
  const raw = getMeta(sql, "canary");
  return raw === null || raw === "null" ? null : (JSON.parse(raw) as CanaryInfo);
}

/**
 * Bring the stored and KV canary in line with the replica's canary version.
 *
 * @example
 * await publishCanary(sql, env.POLICY_KV, "acme", replica, signer);
 */
export async function publishCanary(sql: SqlStorage, kv: KVNamespace, tenant: string, replica: PolicyReplica, signer: Signer): Promise<void> {
  const version = canaryVersion(replica.state);
  const current = canaryOf(sql);
  if (version === null || version.seq === undefined || version.canary_percent === undefined) {
    if (current === null) return;
    setMeta(sql, "canary", "null");
    await kv.delete(canaryPolicyKey(tenant)).catch(() => undefined);
    return;
  }
  if (current !== null && current.bundle.seq === version.seq && current.percent === version.canary_percent) return;
  const bundle = current !== null && current.bundle.seq === version.seq ? current.bundle : await signed(await bundleFor(tenant, version, version.seq), signer);
  const next: CanaryInfo = { percent: version.canary_percent, bundle };
  setMeta(sql, "canary", JSON.stringify(next));
  await kv.put(policyBundleKey(tenant, bundle.seq, bundle.hash), JSON.stringify(bundle)).catch(() => undefined);
  await kv.put(canaryPolicyKey(tenant), JSON.stringify(next)).catch(() => undefined);
}
