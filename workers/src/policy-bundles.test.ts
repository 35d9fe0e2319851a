/**
 * `POST /v2/policies/bundles` in workerd: a bundle signed outside the Worker by a key published in the
 * platform policy key set (a software signer stands in for the token here; policy-bundles-pkcs11.e2e.test.ts
 * signs on SoftHSM2) is verified, becomes the active bundle with its own signature, and a connected device
 * receives exactly that bundle over `/v2/sync`. Refused, each with a distinct problem+json code: an
 * untrusted key (422 unknown_key), a replayed seq (409 stale_seq), a tampered policy (422 bad_signature),
 * another tenant's bundle (422 wrong_tenant), junk (422 malformed), and after revocation the revoked key
 * (422 revoked_key). Agents and auditors may not install (403).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createBundle, generateSoftwareSigner, parsePolicy, signBundle, verifyBundle, type PolicyBundle, type Signer } from "@nethical/core";
import { api, bootstrapKey, createTenant, killSwitchPolicy, type TestTenant } from "./testing/api.ts";
import { authenticate, connect, enrol, trustedKeys, type Client } from "./testing/sync-client.ts";

const OFFLINE_KEY = `offline-${crypto.randomUUID().slice(0, 8)}`;
let offline: Signer;
let t: TestTenant;

async function install(bundle: unknown, key = t.keys.operator): Promise<Response> {
  return api("/v2/policies/bundles", { key, json: bundle });
}

async function problem(res: Response, status: number): Promise<{ code?: string; detail: string }> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as { code?: string; detail: string };
}

async function activeSeq(): Promise<number> {
  return ((await (await api("/v2/policies/active", { key: t.keys.auditor })).json()) as { seq: number }).seq;
}

async function nextBundle(client: Client): Promise<PolicyBundle> {
  for (let i = 0; i < 10; i++) {
    const message = await client.message();
    if (message.type === "bundle") return message.bundle;
  }
  throw new Error("no bundle pushed");
}

beforeAll(async () => {
  t = await createTenant("offline-bundle");
  const generated = await generateSoftwareSigner(OFFLINE_KEY);
  offline = generated.signer;
  const { kty, crv, x } = generated.publicKeyJwk;
  const published = await api("/v2/policies/keys", { key: bootstrapKey(), json: { key_id: OFFLINE_KEY, jwk: { kty, crv, x } } });
  expect(published.status).toBe(201);
}, 30_000);

describe("POST /v2/policies/bundles", { timeout: 30_000 }, () => {
  it("an offline-signed bundle becomes active with its own signature and reaches a connected device as signed", async () => {
    const device = await enrol(t.keys.operator, "robot-offline");
    const client = await connect(t.tenant);
    expect(await authenticate(client, t.tenant, "robot-offline", device)).toMatchObject({ type: "ready" });
    const seq = (await activeSeq()) + 1;
    const bundle = await signBundle(await createBundle(t.tenant, seq, parsePolicy(JSON.stringify(killSwitchPolicy()), "json")), offline);
    const res = await install(bundle);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ tenant: t.tenant, seq, hash: bundle.hash, key_id: OFFLINE_KEY, signed: true });
    const pushed = await nextBundle(client);
    expect(pushed).toEqual(bundle); // the device gets the offline signature, not a re-signed copy
    const trusted = await trustedKeys(t.keys.auditor);
    expect(Object.keys(trusted)).toContain(OFFLINE_KEY);
    await expect(verifyBundle(pushed, trusted, { tenant: t.tenant })).resolves.toMatchObject({ seq });
    expect(await activeSeq()).toBe(seq);
    client.ws.close(1000, "done");
  });

  // @req REQ-BUNDLE-SIGNATURE
  it("refuses untrusted keys, replays, tampering, other tenants and junk, each with its own code; nothing changes", async () => {
    const before = await activeSeq();
    const policy = parsePolicy(JSON.stringify(killSwitchPolicy()), "json");
    const stranger = (await generateSoftwareSigner("stranger-key")).signer;
    expect((await problem(await install(await signBundle(await createBundle(t.tenant, before + 1, policy), stranger)), 422)).code).toBe("unknown_key");
    expect((await problem(await install(await signBundle(await createBundle(t.tenant, before, policy), offline)), 409)).code).toBe("stale_seq");
    const good = await signBundle(await createBundle(t.tenant, before + 1, policy), offline);
    const tampered = { ...good, policy: { ...good.policy, description: "tampered" } };
    expect((await problem(await install(tampered), 422)).code).toBe("bad_signature"); // the signature covers the policy
    const other = await createTenant("offline-other");
    expect((await problem(await install(await signBundle(await createBundle(other.tenant, 50, policy), offline)), 422)).code).toBe("wrong_tenant");
    expect((await problem(await install({ seq: "x" }), 422)).code).toBe("malformed");
    for (const role of ["agent", "auditor"] as const) await problem(await install(good, t.keys[role]), 403);
    expect(await activeSeq()).toBe(before);
  });

  it("after the offline key is revoked, bundles it signs are refused as revoked_key", async () => {
    const revoked = await api(`/v2/policies/keys/${OFFLINE_KEY}/revoke`, { key: bootstrapKey(), json: { reason: "token lost in a drill" } });
    expect(revoked.status).toBe(200);
    const seq = (await activeSeq()) + 1;
    const bundle = await signBundle(await createBundle(t.tenant, seq, parsePolicy(JSON.stringify(killSwitchPolicy()), "json")), offline);
    expect((await problem(await install(bundle), 422)).code).toBe("revoked_key");
  });
});
