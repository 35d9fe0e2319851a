/**
 * Policy resolution and the policy routes: a new tenant runs defaultPolicy() as seq 1; PUT makes a new
 * bundle (seq + 1) that the next decision uses; the Worker finds the bundle in L1, then KV, then
 * PolicyStore; a stale KV copy cannot roll an agent back; each bundle is compiled once per isolate.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { compilationCount } from "@nethical/durable-objects/policy/compiled-cache";
import { activePolicyKey, policyBundleKey } from "@nethical/durable-objects/storage-keys";
import { forgetActivePolicies } from "./policy/active-policy.ts";
import { action, api, createTenant, evaluate, killSwitchPolicy, setPolicy } from "./testing/api.ts";

interface Meta {
  tenant: string;
  seq: number;
  hash: string;
  policy_version: string;
  signed: boolean;
}

const YAML_POLICY = `version: 1
name: yaml-policy
default: { decision: ALLOW }
rules:
  - id: block-flag
    when: { field: context.block, op: eq, value: true }
    then: { decision: BLOCK, reason: "flagged" }
`;

describe("policy resolution", () => {
  it("a new tenant runs the default policy as seq 1, copied to KV by hash and as active", async () => {
    const { tenant, keys } = await createTenant("policy");
    const meta = (await (await api("/v2/policies/active", { key: keys.auditor })).json()) as Meta;
    expect(meta).toMatchObject({ tenant, seq: 1 });
    expect(meta.hash).toMatch(/^[0-9a-f]{64}$/);
    const active = (await env.POLICY_KV.get(activePolicyKey(tenant), "json")) as { seq: number; hash: string };
    expect(active).toMatchObject({ seq: 1, hash: meta.hash });
    expect(await env.POLICY_KV.get(policyBundleKey(tenant, meta.seq, meta.hash))).not.toBeNull();
    const decided = await evaluate(keys.agent, action("p-1"));
    expect(decided.body.policy_version).toBe(meta.policy_version);
    expect(decided.headers.get("x-nethical-policy-version")).toBe(meta.policy_version);
  });

  it("PUT (YAML) makes seq 2, used by the very next decision", async () => {
    const { keys } = await createTenant("policy");
    const res = await api("/v2/policies/active", { method: "PUT", key: keys.operator, body: YAML_POLICY, headers: { "content-type": "application/yaml" } });
    expect(res.status).toBe(200);
    const meta = (await res.json()) as Meta;
    expect(meta.seq).toBe(2);
    const decided = await evaluate(keys.agent, action("p-2", { context: { block: true } }));
    expect(decided.body.decision).toBe("BLOCK");
    expect(decided.body.policy_version).toBe(meta.policy_version);
    const include = (await (await api("/v2/policies/active?include=policy", { key: keys.auditor })).json()) as { policy: { name: string } };
    expect(include.policy.name).toBe("yaml-policy");
  });

  it("an invalid policy → 422 with the paths of every problem; the active policy is unchanged", async () => {
    const { keys } = await createTenant("policy");
    const bad = { version: 1, name: "bad", default: { decision: "PERMIT" }, rules: [{ id: "x", when: { field: "nope", op: "eq", value: 1 }, then: { decision: "ALLOW" } }] };
    const res = await api("/v2/policies/active", { method: "PUT", key: keys.operator, json: bad });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["default.decision", "rules[0].when.field"]));
    const meta = (await (await api("/v2/policies/active", { key: keys.operator })).json()) as Meta;
    expect(meta.seq).toBe(1);
  });

  it("a policy in an unknown media type → 415", async () => {
    const { keys } = await createTenant("policy");
    const res = await api("/v2/policies/active", { method: "PUT", key: keys.operator, body: YAML_POLICY, headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(415);
  });

  it("falls back to PolicyStore when the KV copy is missing", async () => {
    const { tenant, keys } = await createTenant("policy");
    await setPolicy(keys.operator, killSwitchPolicy());
    await env.POLICY_KV.delete(activePolicyKey(tenant));
    forgetActivePolicies();
    const decided = await evaluate(keys.agent, action("p-3", { context: { block: true } }));
    expect(decided.body.decision).toBe("BLOCK");
    expect(decided.headers.get("x-nethical-degraded")).toBeNull();
  });

  it("a stale KV copy (lower seq) cannot roll an agent back to an older policy", async () => {
    const { tenant, keys } = await createTenant("policy");
    const seq1 = await env.POLICY_KV.get(activePolicyKey(tenant));
    await setPolicy(keys.operator, killSwitchPolicy());
    expect((await evaluate(keys.agent, action("p-4", { context: { block: true } }))).body.decision).toBe("BLOCK");
    await env.POLICY_KV.put(activePolicyKey(tenant), seq1 as string);
    forgetActivePolicies();
    // L1 is empty and KV says seq 1, so the Worker asks for seq 1, but this agent's state has seen seq 2.
    const again = await evaluate(keys.agent, action("p-4", { context: { block: true } }));
    expect(again.body.decision).toBe("BLOCK");
  });

  it("compiles each bundle once per isolate", async () => {
    const { keys } = await createTenant("policy");
    const before = compilationCount();
    await setPolicy(keys.operator, killSwitchPolicy());
    const afterPut = compilationCount();
    expect(afterPut).toBe(before + 1);
    for (let i = 0; i < 5; i++) await evaluate(keys.agent, action(`compile-${i}`));
    expect(compilationCount()).toBe(afterPut);
  });
});
