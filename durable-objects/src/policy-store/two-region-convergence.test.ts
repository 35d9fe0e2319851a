/**
 * Two regional PolicyStores of one tenant ("eu-west" and "us-east") edit concurrently, exchange deltas on
 * their alarms (anti-entropy with version vectors), and converge: same versions, same active pointer, and
 * byte-identical signed active bundles; concurrent activations never leave a seq reused for other content.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "@nethical/core";
import { policyStoreStub } from "../residency/placement.ts";

const doc = (name: string): PolicyDocument => ({ version: 1, name, default: { decision: "ALLOW" }, rules: [] });

async function pair() {
  const tenant = `cv-${crypto.randomUUID().slice(0, 8)}`;
  const eu = policyStoreStub(env, { tenant, residency: "any" }, "eu-west");
  const us = policyStoreStub(env, { tenant, residency: "any" }, "us-east");
  await eu.createTenant(tenant, tenant, Date.now());
  await eu.setPeerRegions(tenant, ["us-east"]);
  return { tenant, eu, us };
}

describe("two-region convergence", { timeout: 30_000 }, () => {
  it("a new region learns the tenant and its signed active bundle from one alarm", async () => {
    const { tenant, eu, us } = await pair();
    expect(await us.getActive(tenant)).toBeNull();
    expect(await runDurableObjectAlarm(eu)).toBe(true);
    const [a, b] = [await eu.getActive(tenant), await us.getActive(tenant)];
    expect(b).toEqual(a);
    expect(b?.seq).toBe(1);
  });

  it("concurrent edits and activations in both regions converge to one state and identical bundles", async () => {
    const { tenant, eu, us } = await pair();
    await runDurableObjectAlarm(eu);
    await us.setPeerRegions(tenant, ["eu-west"]);
    // Concurrent, before any exchange: each region adds a version and activates it (both pick seq 2).
    const e = await eu.createVersion(tenant, "eu-policy", doc("eu"), {}, Date.now());
    const u = await us.createVersion(tenant, "us-policy", doc("us"), {}, Date.now());
    await eu.transition(tenant, e.policy_id, e.version, "active", {}, Date.now());
    await us.transition(tenant, u.policy_id, u.version, "active", {}, Date.now() + 5);
    for (let round = 0; round < 3; round++) {
      await runDurableObjectAlarm(eu);
      await runDurableObjectAlarm(us);
    }
    const [pe, pu] = [await eu.listPolicies(tenant), await us.listPolicies(tenant)];
    expect(pu).toEqual(pe);
    expect(pe.map((p) => p.policy_id).sort()).toEqual(["default", "eu-policy", "us-policy"]);
    const [ae, au] = [await eu.getActive(tenant), await us.getActive(tenant)];
    expect(au).toEqual(ae);
    // Both regions had signed seq 2 for different content; the converged bundle has a fresh, higher seq.
    expect(ae?.seq).toBeGreaterThan(2);
    const winners = [await eu.getBundle(tenant, 2), await us.getBundle(tenant, 2)];
    expect(winners[0]?.hash).not.toBe(winners[1]?.hash);
  });
});
