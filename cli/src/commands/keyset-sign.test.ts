/**
 * `nethical keys keyset-sign --pkcs11` as a real process against a real SoftHSM2 token: the next policy
 * key-set version, signed offline by a non-extractable key on the token, is accepted by verifyKeySetUpdate
 * (what the Worker's PUT /v2/policies/keys/set and every device run) against a set that trusts that key, and
 * refused `unknown_key` by a set that does not; a body that is not a key set exits 2.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSoftwareSigner, KEY_SET_DOMAIN, KeySetError, pinnedKeySet, verifyKeySetUpdate } from "@nethical/core";
import { createSoftHsmStore, type SoftHsmStore } from "@nethical/hsm/testing/softhsm";

const root = join(import.meta.dirname, "..", "..", "..");
const bin = join(root, "cli", "bin", "nethical.js");
const token = "nethical-keyset";

let store: SoftHsmStore;
let pin: string;
let work: string;

function nethical(args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ...store.env, NETHICAL_PKCS11_PIN: pin } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const at = () => ["--pkcs11", store.module, "--token", token];

beforeAll(() => {
  store = createSoftHsmStore();
  pin = store.initToken(token).pin;
  work = mkdtempSync(join(tmpdir(), "nethical-keyset-"));
});
afterAll(() => {
  store?.remove();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe("nethical keys keyset-sign --pkcs11 (real process, SoftHSM2)", () => {
  it("signs the next key-set version with a token key; devices and the Worker accept it only if they trust that key", async () => {
    const generated = nethical(["keys", "pkcs11-generate", ...at(), "--key", "policy-hsm"]);
    expect(generated.status).toBe(0);
    const hsmJwk = (JSON.parse(generated.stdout) as { public_key_jwk: JsonWebKey }).public_key_jwk;
    const next = await generateSoftwareSigner("policy-next");
    const now = new Date().toISOString();
    const body = {
      domain: KEY_SET_DOMAIN,
      version: 1,
      issued_at: now,
      keys: [
        { key_id: "policy-hsm", jwk: hsmJwk, status: "active", not_before: now },
        { key_id: "policy-next", jwk: next.publicKeyJwk, status: "published", not_before: now },
      ],
    };
    const file = join(work, "keyset-v1.json");
    writeFileSync(file, JSON.stringify(body));
    const out = join(work, "keyset-v1.signed.json");
    const signed = nethical(["keys", "keyset-sign", ...at(), "--key", "policy-hsm", "--out", out, file]);
    expect(signed.stderr).toContain("signed policy key set version 1 with key policy-hsm");
    expect(signed.stderr).not.toContain(pin);
    expect(signed.status).toBe(0);
    const candidate = JSON.parse(readFileSync(out, "utf8"));
    const trusting = pinnedKeySet({ "policy-hsm": hsmJwk });
    expect((await verifyKeySetUpdate(trusting, candidate, new Date())).keys.map((k) => k.key_id)).toEqual(["policy-hsm", "policy-next"]);
    const stranger = pinnedKeySet({ "policy-other": next.publicKeyJwk });
    const refusal = await verifyKeySetUpdate(stranger, candidate, new Date()).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(KeySetError);
    expect((refusal as KeySetError).code).toBe("unknown_key");
  }, 120_000);

  it("refuses a file that is not a key set (exit 2) and a missing key (exit 1)", () => {
    const bad = join(work, "bad.json");
    writeFileSync(bad, JSON.stringify({ domain: "other", version: 1 }));
    expect(nethical(["keys", "keyset-sign", ...at(), "--key", "policy-hsm", bad]).status).toBe(2);
    const good = join(work, "good.json");
    writeFileSync(good, JSON.stringify({ domain: KEY_SET_DOMAIN, version: 1, issued_at: new Date().toISOString(), keys: [{ key_id: "k", jwk: { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }, status: "active", not_before: new Date().toISOString() }] }));
    const missing = nethical(["keys", "keyset-sign", ...at(), "--key", "no-such-key", good]);
    expect(missing.status).toBe(1);
  }, 120_000);
});
