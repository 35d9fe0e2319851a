/**
 * AgentState called directly over RPC: decisions are numbered without gaps, counters persist across
 * eviction, an unknown agent reads as null without storing anything, and a Durable Object refuses to be
 * used under another agent's name.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { EvaluateRequest } from "@nethical/core";
import { agentStateName, policyBundleKey, policyStoreName } from "../storage-keys.ts";

async function tenantWithPolicy(): Promise<{ tenant: string; ref: { hash: string; seq: number } }> {
  const tenant = `as-${crypto.randomUUID().slice(0, 8)}`;
  const store = env.POLICY_STORE.get(env.POLICY_STORE.idFromName(policyStoreName(tenant)));
  const { tenant: info } = await store.createTenant(tenant, tenant, Date.now());
  return { tenant, ref: { hash: info.active.hash, seq: info.active.seq } };
}

function agent(tenant: string, agentId: string) {
  return env.AGENT_STATE.get(env.AGENT_STATE.idFromName(agentStateName(tenant, agentId)));
}

/** The message an RPC call failed with ("" when it did not fail), awaited in one place so no rejection is left unhandled. */
async function failure(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const request = (agentId: string): EvaluateRequest => ({ agent_id: agentId, action: "list files in /tmp", action_type: "query" });

describe("AgentState", () => {
  // @req SAFETY-P2
  it("numbers concurrent decisions 1..n without gaps or repeats", async () => {
    const { tenant, ref } = await tenantWithPolicy();
    const stub = agent(tenant, "r1");
    const results = await Promise.all(Array.from({ length: 25 }, () => stub.decide(tenant, request("r1"), ref, Date.now())));
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const view = await stub.snapshot(tenant, "r1", Date.now());
    expect(view?.requests).toBe(25);
    expect(view?.seq).toBe(25);
  });

  // @req SAFETY-P2
  it("keeps its counters when evicted from memory", async () => {
    const { tenant, ref } = await tenantWithPolicy();
    await agent(tenant, "r2").decideAll(tenant, [request("r2"), request("r2")], ref, Date.now());
    await evictDurableObject(agent(tenant, "r2"));
    const next = await agent(tenant, "r2").decide(tenant, request("r2"), ref, Date.now());
    expect(next.seq).toBe(3);
  });

  it("reads an unknown agent as null and stores nothing for it", async () => {
    const { tenant } = await tenantWithPolicy();
    const stub = agent(tenant, "ghost");
    expect(await stub.snapshot(tenant, "ghost", Date.now())).toBeNull();
    expect(await stub.reinstate(tenant, "ghost", "k", "r", Date.now())).toMatchObject({ ok: false, code: "unknown_agent" });
    const tables = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray());
    expect(tables.filter((t) => !String(t.name).startsWith("_cf"))).toEqual([]);
  });

  // @req SAFETY-P3
  it("skips a forged KV copy of its bundle, logs the refusal with its code, and decides with PolicyStore's copy", async () => {
    const { tenant, ref } = await tenantWithPolicy();
    const key = policyBundleKey(tenant, ref.seq, ref.hash);
    const real = (await env.POLICY_KV.get(key, "json")) as { policy: { name: string } };
    await env.POLICY_KV.put(key, JSON.stringify({ ...real, policy: { ...real.policy, name: "forged" } }));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const decided = await agent(tenant, "r5").decide(tenant, request("r5"), ref, Date.now());
      expect(decided.seq).toBe(1);
      const lines = warn.mock.calls.map((args) => String(args[0])).filter((line) => line.includes("policy_bundle_refused"));
      expect(lines.map((line) => JSON.parse(line))).toEqual([
        { event: "policy_bundle_refused", tenant, source: "kv_version", seq: ref.seq, code: expect.stringMatching(/^(bad_signature|hash_mismatch)$/) },
      ]);
      expect(lines[0]).not.toContain("forged");
    } finally {
      warn.mockRestore();
    }
  });

  it("refuses to act for another agent or tenant than the one it holds", async () => {
    const { tenant, ref } = await tenantWithPolicy();
    await agent(tenant, "r3").decide(tenant, request("r3"), ref, Date.now());
    const stub = agent(tenant, "r3");
    expect(await failure(() => stub.decide(tenant, request("someone-else"), ref, Date.now()))).toMatch(/^\[wrong_object\] .*another agent's name/);
    expect(await failure(() => stub.snapshot("other-tenant", "r3", Date.now()))).toMatch(/^\[wrong_object\] .*another agent's name/);
    expect(await failure(() => stub.decideAll(tenant, [request("r3"), request("r4")], ref, Date.now()))).toMatch(/^\[invalid_call\] .*same agent/);
    expect((await stub.snapshot(tenant, "r3", Date.now()))?.seq).toBe(1);
  });
});
