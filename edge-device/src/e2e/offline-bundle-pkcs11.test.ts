/**
 * An offline-signed policy bundle from a PKCS#11 token to a running device, with real processes only:
 * SoftHSM2 holds a non-extractable Ed25519 key made by `nethical keys pkcs11-generate`; its public half is
 * published in the platform policy key set (the device receives the signed key-set update); `nethical
 * policy sign --pkcs11` signs a bundle on the token; `POST /v2/policies/bundles` on the Worker under
 * `wrangler dev` verifies it and distributes it; the device process installs exactly that bundle (same
 * seq, hash and signature key) and decides with it. A bundle signed on the same token by a key that was
 * never published is refused 422 `unknown_key` (problem+json) and the device keeps the good one.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PolicyBundleSchema } from "@nethical/core";
import { createSoftHsmStore, type SoftHsmStore } from "@nethical/hsm/testing/softhsm";
import { NODE_BINARY } from "../testing/device-process.ts";
import { until } from "../testing/until.ts";
import { startWorkerDeviceStack, type WorkerDeviceStack } from "../testing/worker-device-stack.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const CLI = join(ROOT, "cli", "bin", "nethical.js");
const TOKEN = "nethical-offline";

let stack: WorkerDeviceStack;
let store: SoftHsmStore;
let pin: string;
let work: string;

function nethical(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(NODE_BINARY, [CLI, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...store.env, NETHICAL_PKCS11_PIN: pin } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const onToken = () => ["--pkcs11", store.module, "--token", TOKEN];

async function post(path: string, key: string, body: unknown): Promise<Response> {
  return fetch(`${stack.worker.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  store = createSoftHsmStore();
  pin = store.initToken(TOKEN).pin;
  work = mkdtempSync(join(tmpdir(), "nethical-offline-bundle-"));
  stack = await startWorkerDeviceStack("hsmbundle");
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  store?.remove();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe("offline-signed bundle (SoftHSM2) → POST /v2/policies/bundles → device", () => {
  it("the device installs the token-signed bundle; a bundle by an unpublished token key is refused unknown_key", async () => {
    const { call, keys, bootstrap, status, tenant } = stack;
    const generated = nethical(["keys", "pkcs11-generate", ...onToken(), "--key", "policy-hsm"]);
    expect(generated.stderr).toBe("");
    expect(generated.status).toBe(0);
    const key = JSON.parse(generated.stdout) as { public_key_jwk: { kty: string; crv: string; x: string }; protection: Record<string, boolean> };
    expect(key.protection).toMatchObject({ extractable: false, sensitive: true, never_extractable: true });

    // Publish the token's public key in the platform key set; the device gets the signed update.
    const before = (await status()).keyset.version as number;
    const { kty, crv, x } = key.public_key_jwk;
    const published = await call("/v2/policies/keys", bootstrap, { key_id: "policy-hsm", jwk: { kty, crv, x } });
    expect(published.keyset.version).toBe(before + 1);
    await until(status, (s) => s.keyset.version === before + 1, 15_000);

    // Sign the next bundle on the token, offline (the CLI never sees the private key).
    const active = await call("/v2/policies/active?include=policy", keys.operator);
    const policyFile = join(work, "policy.yaml");
    writeFileSync(policyFile, JSON.stringify({ ...active.policy, name: "signed-on-the-token" })); // JSON is YAML
    const bundleFile = join(work, "bundle.json");
    const signed = nethical(["policy", "sign", ...onToken(), "--key", "policy-hsm", "--tenant", tenant, "--seq", String(active.seq + 1), "--out", bundleFile, policyFile]);
    expect(signed.stderr).toMatch(new RegExp(`^signed ${tenant} seq ${active.seq + 1} with key`));
    expect(signed.status).toBe(0);
    const bundle = PolicyBundleSchema.parse(JSON.parse(readFileSync(bundleFile, "utf8")));
    expect(bundle.key_id).toBe("policy-hsm");

    const res = await post("/v2/policies/bundles", keys.operator, bundle);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ seq: bundle.seq, hash: bundle.hash, key_id: "policy-hsm" });
    const installed = await until(status, (s) => s.bundle.seq === bundle.seq, 15_000);
    expect(installed.bundle.hash).toBe(bundle.hash);
    expect((await call("/v2/policies/active", keys.auditor)).key_id).toBe("policy-hsm");
    const ask = { agent_id: "arm-1", action: "read the weather forecast", action_type: "query" };
    expect((await stack.evaluateOnDevice(ask)).decision).toBe("ALLOW");

    // Another key on the same token, never published: refused with its code; nothing changes.
    expect(nethical(["keys", "pkcs11-generate", ...onToken(), "--key", "policy-rogue"]).status).toBe(0);
    const rogueFile = join(work, "rogue.json");
    expect(nethical(["policy", "sign", ...onToken(), "--key", "policy-rogue", "--tenant", tenant, "--seq", String(bundle.seq + 1), "--out", rogueFile, policyFile]).status).toBe(0);
    const refused = await post("/v2/policies/bundles", keys.operator, JSON.parse(readFileSync(rogueFile, "utf8")));
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(await refused.json()).toMatchObject({ code: "unknown_key" });
    expect((await call("/v2/policies/active", keys.auditor)).seq).toBe(bundle.seq);
    expect((await status()).bundle.seq).toBe(bundle.seq);
  }, 180_000);
});
