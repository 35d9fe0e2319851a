/**
 * `nethical keys pkcs11-generate` and `nethical policy sign --pkcs11` as real processes against a real
 * SoftHSM2 token: the signed bundle is the format the Worker and devices verify (same fields and hash as
 * core's createBundle, accepted by verifyBundle with the token's public key); wrong PIN, missing PIN, key,
 * token and module each fail with exit 1 and their code, without printing the PIN; usage errors exit 2.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBundle, parsePolicy, PolicyBundleSchema, verifyBundle } from "@nethical/core";
import { createSoftHsmStore, type SoftHsmStore } from "@nethical/hsm/testing/softhsm";

const root = join(import.meta.dirname, "..", "..", "..");
const bin = join(root, "cli", "bin", "nethical.js");
const policyFile = join(root, "examples", "policies", "acme.yaml");
const token = "nethical-cli";

let store: SoftHsmStore;
let pin: string;
let work: string;

function nethical(args: string[], env: Record<string, string | undefined> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ...store.env, NETHICAL_PKCS11_PIN: pin, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Each case starts real Node processes (about 0.5–2 s each on a loaded machine). */
const PROCESS_TEST_MS = 120_000;

const at = () => ["--pkcs11", store.module, "--token", token];

beforeAll(() => {
  store = createSoftHsmStore();
  pin = store.initToken(token).pin;
  work = mkdtempSync(join(tmpdir(), "nethical-sign-"));
});
afterAll(() => {
  store?.remove();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe("nethical policy sign --pkcs11 (real process, SoftHSM2)", () => {
  it("creates a non-extractable key, signs a bundle with it, and the bundle verifies like the Worker's", async () => {
    const generated = nethical(["keys", "pkcs11-generate", ...at(), "--key", "policy-cli"]);
    expect(generated.stderr).toBe("");
    expect(generated.status).toBe(0);
    const key = JSON.parse(generated.stdout) as { public_key_jwk: JsonWebKey; protection: Record<string, boolean> };
    expect(key.protection).toMatchObject({ extractable: false, sensitive: true, token: true, never_extractable: true });

    const shown = nethical(["keys", "pkcs11-show", ...at(), "--key", "policy-cli"]);
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout).public_key_jwk).toEqual(key.public_key_jwk);

    const signed = nethical(["policy", "sign", ...at(), "--key", "policy-cli", "--key-id", "policy-2027-01", "--tenant", "acme", "--seq", "4", policyFile]);
    expect(signed.stderr).toBe("");
    expect(signed.status).toBe(0);
    const bundle = PolicyBundleSchema.parse(JSON.parse(signed.stdout));
    expect(bundle.key_id).toBe("policy-2027-01");
    // Same envelope as the Worker builds for this policy (tenant, seq, content hash, policy).
    const expected = await createBundle("acme", 4, parsePolicy(readFileSync(policyFile, "utf8"), "yaml"));
    const { signature: _s, key_id: _k, ...unsigned } = bundle;
    expect(unsigned).toEqual(expected);
    await expect(verifyBundle(bundle, { "policy-2027-01": key.public_key_jwk }, { tenant: "acme", minSeq: 3, rejectEqualSeq: true })).resolves.toMatchObject({ seq: 4 });
    await expect(verifyBundle({ ...bundle, tenant: "other" }, { "policy-2027-01": key.public_key_jwk })).rejects.toMatchObject({ code: "bad_signature" });

    const out = join(work, "bundle.json");
    const toFile = nethical(["policy", "sign", ...at(), "--key", "policy-cli", "--tenant", "acme", "--seq", "5", "--out", out, policyFile]);
    expect(toFile.status).toBe(0);
    expect(toFile.stdout).toBe("");
    await expect(verifyBundle(JSON.parse(readFileSync(out, "utf8")), { "policy-cli": key.public_key_jwk }, { tenant: "acme" })).resolves.toMatchObject({ seq: 5 });
  }, PROCESS_TEST_MS);

  it("fails with exit 1 and a code for a wrong PIN, a missing PIN, key, token or module; never prints the PIN", () => {
    const sign = (extra: string[], env: Record<string, string | undefined> = {}) => nethical(["policy", "sign", ...extra, "--tenant", "acme", "--seq", "1", policyFile], env);
    const wrongPin = pin === "00000000" ? "11111111" : "00000000";
    const cases: [string, ReturnType<typeof sign>][] = [
      ["pin_incorrect", sign([...at(), "--key", "policy-cli"], { NETHICAL_PKCS11_PIN: wrongPin })],
      ["pin_missing", sign([...at(), "--key", "policy-cli"], { NETHICAL_PKCS11_PIN: undefined })],
      ["pin_missing", sign([...at(), "--key", "policy-cli", "--pin-env", "NO_SUCH_PIN_VAR"])],
      ["key_not_found", sign([...at(), "--key", "no-such-key"])],
      ["token_not_found", sign(["--pkcs11", store.module, "--token", "no-such-token", "--key", "policy-cli"])],
      ["module_unavailable", sign(["--pkcs11", "/nonexistent/libpkcs11.so", "--token", token, "--key", "policy-cli"])],
    ];
    for (const [code, result] of cases) {
      expect(result.status, code).toBe(1);
      expect(result.stderr, code).toContain(`[${code}]`);
      expect(result.stdout, code).toBe("");
      expect(result.stderr).not.toContain(pin);
      expect(result.stderr).not.toContain(wrongPin);
    }
    // The PIN can come from another variable.
    expect(sign([...at(), "--key", "policy-cli", "--pin-env", "MY_TOKEN_PIN"], { NETHICAL_PKCS11_PIN: undefined, MY_TOKEN_PIN: pin }).status).toBe(0);
  }, PROCESS_TEST_MS);

  it("answers --help for each command and exits 2 on usage mistakes", () => {
    const signHelp = nethical(["policy", "sign", "--help"]);
    expect(signHelp.status).toBe(0);
    expect(signHelp.stdout).toMatch(/^usage: nethical policy sign --pkcs11 MODULE --token LABEL --key LABEL/);
    const keysHelp = nethical(["keys", "pkcs11-generate", "--help"]);
    expect(keysHelp.status).toBe(0);
    expect(keysHelp.stdout).toMatch(/^usage: nethical keys pkcs11-generate\|pkcs11-show/);
    expect(nethical(["policy", "sign", ...at(), "--tenant", "acme", "--seq", "1", policyFile]).status).toBe(2); // no --key
    expect(nethical(["policy", "sign", ...at(), "--key", "k", "--tenant", "acme", "--seq", "x", policyFile]).status).toBe(2);
    expect(nethical(["policy", "sign", ...at(), "--key", "k", "--tenant", "acme", "--seq", "1", join(work, "missing.yaml")]).status).toBe(2);
    expect(nethical(["keys", "pkcs11-generate", "--token", token, "--key", "k"]).status).toBe(2); // no --pkcs11
    expect(nethical(["keys", "frobnicate"]).status).toBe(2);
  }, PROCESS_TEST_MS);

  it("does not load the native PKCS#11 binding for other commands", () => {
    const probe = `
      const { main } = await import(${JSON.stringify(join(root, "cli", "src", "main.ts"))});
      const { PassThrough, Readable } = await import("node:stream");
      const io = { stdin: Readable.from(['{"id":1,"text":"hi"}\\n']), stdout: new PassThrough(), stderr: new PassThrough() };
      await main(["scan"], io);
      const maps = (await import("node:fs")).readFileSync("/proc/self/maps", "utf8");
      process.stdout.write(JSON.stringify({ pkcs11: maps.includes("pkcs11.node"), softhsm: maps.includes("libsofthsm2") }));
    `;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { cwd: root, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ pkcs11: false, softhsm: false });
  }, PROCESS_TEST_MS);
});
