/**
 * The Worker refuses a tampered bundle, one signed by another key, and an older seq, each with its code,
 * and a bad copy in KV (active copy or seq pointer) never changes the decision: the isolate keeps the policy
 * it runs, or falls back to PolicyStore; each refused copy is logged with its code.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { BundleVerificationError, createBundle, generateSoftwareSigner, signBundle, type PolicyBundle, type PolicyDocument } from "@nethical/core";
import { policySigner } from "@nethical/durable-objects/policy/signing-keys";
import { activePolicyKey, policyBundleKey, policySeqKey } from "@nethical/durable-objects/storage-keys";
import { action, api, createTenant, evaluate, killSwitchPolicy, setPolicy } from "../testing/api.ts";
import { forgetActivePolicies } from "./active-policy.ts";
import { verifyForTenant } from "./verify.ts";

const open: PolicyDocument = { version: 1, name: "open", default: { decision: "ALLOW" }, rules: [] };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    return error instanceof BundleVerificationError ? error.code : `other: ${String(error)}`;
  }
}

describe("bundle rejections at the Worker", { timeout: 30_000 }, () => {
  it("tampered, wrong key, unknown key, older seq and another tenant's bundle are each refused with their code", async () => {
    const signer = await policySigner(env);
    const good = await signBundle(await createBundle("acme", 5, open), signer);
    const tampered = { ...good, policy: { ...good.policy, name: "changed" } };
    const other = await generateSoftwareSigner("policy-dev");
    const wrongKey = await signBundle(await createBundle("acme", 5, open), other.signer);
    const unknown = await signBundle(await createBundle("acme", 5, open), (await generateSoftwareSigner("rogue")).signer);
    expect(await codeOf(verifyForTenant(env, good, "acme", 4))).toBe("accepted");
    expect(await codeOf(verifyForTenant(env, tampered, "acme", 4))).toBe("bad_signature");
    expect(await codeOf(verifyForTenant(env, wrongKey, "acme", 4))).toBe("bad_signature");
    expect(await codeOf(verifyForTenant(env, unknown, "acme", 4))).toBe("unknown_key");
    expect(await codeOf(verifyForTenant(env, good, "acme", 6))).toBe("stale_seq");
    expect(await codeOf(verifyForTenant(env, good, "globex", undefined))).toBe("wrong_tenant");
  });

  it("a tampered or foreign-key newer bundle in KV does not change the decision", async () => {
    const { tenant, keys } = await createTenant("rej");
    await setPolicy(keys.operator, killSwitchPolicy()); // seq 2: BLOCK on context.block
    const blocked = action("rej-1", { context: { block: true } });
    expect((await evaluate(keys.agent, blocked)).body.decision).toBe("BLOCK");
    const real = (await env.POLICY_KV.get(activePolicyKey(tenant), "json")) as PolicyBundle;
    const forged3 = { ...(await createBundle(tenant, 3, open)), key_id: real.key_id, signature: real.signature };
    const foreign3 = await signBundle(await createBundle(tenant, 3, open), (await generateSoftwareSigner("policy-dev")).signer);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      for (const bad of [forged3, foreign3]) {
        warn.mockClear();
        await env.POLICY_KV.put(policyBundleKey(tenant, 3, bad.hash), JSON.stringify(bad));
        await env.POLICY_KV.put(policySeqKey(tenant), `3:${bad.hash}`);
        await env.POLICY_KV.put(activePolicyKey(tenant), JSON.stringify(bad));
        await new Promise((r) => setTimeout(r, 1_050)); // past L1 freshness: the isolate looks at the pointer
        expect((await evaluate(keys.agent, blocked)).body.decision).toBe("BLOCK");
        forgetActivePolicies(); // a fresh isolate: reads the forged active copy, refuses it, asks PolicyStore
        const fresh = await evaluate(keys.agent, blocked);
        expect(fresh.body.decision).toBe("BLOCK");
        expect(fresh.body.policy_version.startsWith("2.")).toBe(true);
        // Each refusal is logged as one JSON line with its code, and nothing of the bundle but its seq.
        const lines = warn.mock.calls.map((args) => String(args[0])).filter((line) => line.includes("policy_bundle_refused"));
        const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
        expect(logged).toContainEqual({ event: "policy_bundle_refused", tenant, source: "kv_version", seq: 3, code: "bad_signature" });
        expect(logged).toContainEqual({ event: "policy_bundle_refused", tenant, source: "kv_active", seq: 3, code: "bad_signature" });
        for (const line of lines) {
          expect(line).not.toContain(bad.signature as string);
          expect(line).not.toContain(bad.hash);
          expect(line).not.toContain('"rules"');
        }
      }
    } finally {
      warn.mockRestore();
    }
  });

  it("an older signed bundle in KV cannot roll an isolate back", async () => {
    const { tenant, keys } = await createTenant("rej");
    const seq1 = await env.POLICY_KV.get(activePolicyKey(tenant));
    await setPolicy(keys.operator, killSwitchPolicy());
    const blocked = action("rej-2", { context: { block: true } });
    expect((await evaluate(keys.agent, blocked)).body.decision).toBe("BLOCK");
    const old = JSON.parse(seq1 as string) as PolicyBundle;
    await env.POLICY_KV.put(activePolicyKey(tenant), seq1 as string);
    await env.POLICY_KV.put(policySeqKey(tenant), `1:${old.hash}`);
    await new Promise((r) => setTimeout(r, 1_050));
    const res = await evaluate(keys.agent, blocked);
    expect(res.body.decision).toBe("BLOCK");
    expect(res.body.policy_version.startsWith("2.")).toBe(true);
  });

  it("publishes the public key and flushes caches (admin only)", async () => {
    const { keys } = await createTenant("rej");
    const published = (await (await api("/v2/policies/keys", { key: keys.auditor })).json()) as { keys: { key_id: string; jwk: JsonWebKey }[] };
    expect(published.keys[0]?.key_id).toBe("policy-dev");
    expect(published.keys[0]?.jwk).toEqual({ kty: "OKP", crv: "Ed25519", x: expect.any(String) });
    expect(JSON.stringify(published)).not.toContain('"d"');
    expect((await api("/v2/policies/flush", { method: "POST", key: keys.operator })).status).toBe(403);
    const flushed = await api("/v2/policies/flush", { method: "POST", key: keys.admin });
    expect(flushed.status).toBe(200);
    expect(await flushed.json()).toMatchObject({ seq: 1 });
  });
});
