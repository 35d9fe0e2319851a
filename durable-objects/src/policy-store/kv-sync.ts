/**
 * PolicyStore → Workers KV: copy a bundle under its seq+hash key (immutable), then as the tenant's
 * active bundle, then the small `t:<tenant>:policy:seq` pointer isolates poll, and remember the highest seq
 * copied. KV is only a copy: when a write fails the bundle
 * is still committed in PolicyStore, readers fall back to PolicyStore, and an alarm retries the copy.
 */
import type { PolicyBundle } from "@nethical/core";
import { activePolicyKey, policyBundleKey, policySeqKey } from "../storage-keys.ts";
import { activeBundle, getMeta, setMeta } from "./bundle-table.ts";

/** Delay before an alarm retries a failed KV copy. */
export const KV_RETRY_MS = 10_000;

/**
 * Copy `bundle` to KV; on failure schedule an alarm to retry. Never throws.
 *
 * @example
 * await copyBundleToKv(ctx, env.POLICY_KV, bundle);
 */
export async function copyBundleToKv(ctx: DurableObjectState, kv: KVNamespace, bundle: PolicyBundle): Promise<void> {
  const json = JSON.stringify(bundle);
  try {
    await kv.put(policyBundleKey(bundle.tenant, bundle.seq, bundle.hash), json);
    await kv.put(activePolicyKey(bundle.tenant), json);
    await kv.put(policySeqKey(bundle.tenant), `${bundle.seq}:${bundle.hash}`);
    const synced = Number(getMeta(ctx.storage.sql, "kv_synced_seq") ?? "0");
    if (bundle.seq > synced) setMeta(ctx.storage.sql, "kv_synced_seq", String(bundle.seq));
  } catch {
    await ctx.storage.setAlarm(Date.now() + KV_RETRY_MS);
  }
}

/**
 * The alarm's work: copy the active bundle again if KV is behind.
 *
 * @example
 * override async alarm() { await retryKvCopy(this.ctx, this.env.POLICY_KV); }
 */
export async function retryKvCopy(ctx: DurableObjectState, kv: KVNamespace): Promise<void> {
  const active = activeBundle(ctx.storage.sql);
  const synced = Number(getMeta(ctx.storage.sql, "kv_synced_seq") ?? "0");
  if (active !== null && synced < active.seq) await copyBundleToKv(ctx, kv, active);
}
