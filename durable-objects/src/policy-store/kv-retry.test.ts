/**
 * KV is only a copy of PolicyStore: when the copy is behind (a failed write), the alarm copies the
 * active bundle again.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { activePolicyKey, policyBundleKey, policyStoreName } from "../storage-keys.ts";
import { setMeta } from "./bundle-table.ts";

describe("PolicyStore KV copy", () => {
  it("the alarm restores a KV copy that fell behind", async () => {
    const tenant = `kv-${crypto.randomUUID().slice(0, 8)}`;
    const stub = env.POLICY_STORE.get(env.POLICY_STORE.idFromName(policyStoreName(tenant)));
    await stub.createTenant(tenant, tenant, Date.now());
    const bundle = await stub.setPolicy(tenant, { version: 1, name: "p", default: { decision: "ALLOW" }, rules: [] }, Date.now());
    // Simulate a failed copy: KV lost both keys and the store knows it is behind.
    await env.POLICY_KV.delete(activePolicyKey(tenant));
    await env.POLICY_KV.delete(policyBundleKey(tenant, bundle.seq, bundle.hash));
    await runInDurableObject(stub, async (_instance, state) => {
      setMeta(state.storage.sql, "kv_synced_seq", "0");
      await state.storage.setAlarm(Date.now() + 60_000);
    });

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(((await env.POLICY_KV.get(activePolicyKey(tenant), "json")) as { seq: number }).seq).toBe(bundle.seq);
    expect(await env.POLICY_KV.get(policyBundleKey(tenant, bundle.seq, bundle.hash))).not.toBeNull();
  });
});
