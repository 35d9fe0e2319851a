/**
 * The PKCS#11 signer against a real SoftHSM2 token (throwaway store per run): bundles it signs pass the
 * same verifyBundle the Worker and the device call; the private key is non-extractable and sensitive as
 * the token reports it, and its value cannot be read; wrong PIN, missing key, missing module, missing
 * token, a taken label and an extractable key are each refused with their own code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BundleVerificationError, createBundle, defaultPolicy, PolicyBundleSchema, signBundle, verifyBundle } from "@nethical/core";
import { createSoftHsmStore, type SoftHsmStore } from "../testing/softhsm.ts";
import { CKK_EC_EDWARDS, CKM_EC_EDWARDS_KEY_PAIR_GEN, ED25519_EC_PARAMS } from "./ed25519.ts";
import { findEd25519KeyPair } from "./ed25519-key.ts";
import { HsmError } from "./hsm-error.ts";
import { generateEd25519KeyPair } from "./keygen.ts";
import { openPkcs11Signer } from "./pkcs11-signer.ts";
import { openTokenSession, readAttribute } from "./token-session.ts";

let store: SoftHsmStore;
let pin: string;
const token = "nethical-test";

beforeAll(() => {
  store = createSoftHsmStore();
  store.useInThisProcess();
  pin = store.initToken(token).pin;
});
afterAll(() => store?.remove());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HsmError);
    return (error as HsmError).code;
  }
  throw new Error("expected an HsmError");
}

describe("PKCS#11 signer on SoftHSM2", () => {
  it("signs a policy bundle that the Worker's and the device's verifyBundle accept", async () => {
    const generated = await generateEd25519KeyPair({ module: store.module, token, key: "policy-hsm-1", pin });
    const signer = await openPkcs11Signer({ module: store.module, token, key: "policy-hsm-1", pin });
    try {
      expect(await signer.publicKey()).toEqual(generated.publicKeyJwk);
      const bundle = await createBundle("acme", 3, defaultPolicy());
      const signed = await signBundle(bundle, signer);
      expect(signed.key_id).toBe("policy-hsm-1");
      // A JSON round trip, as the bundle travels (file, KV, WebSocket).
      const received = PolicyBundleSchema.parse(JSON.parse(JSON.stringify(signed)));
      await expect(verifyBundle(received, { "policy-hsm-1": generated.publicKeyJwk }, { tenant: "acme", minSeq: 2 })).resolves.toMatchObject({ seq: 3 });
      // Tampering is still caught, and another key does not verify it.
      const tampered = { ...received, seq: 4 };
      await expect(verifyBundle(tampered, { "policy-hsm-1": generated.publicKeyJwk })).rejects.toMatchObject({ code: "bad_signature" });
      const other = await generateEd25519KeyPair({ module: store.module, token, key: "policy-hsm-other", pin });
      await expect(verifyBundle(received, { "policy-hsm-1": other.publicKeyJwk })).rejects.toBeInstanceOf(BundleVerificationError);
    } finally {
      signer.close();
    }
  });

  it("keeps the private key on the token: CKA_EXTRACTABLE false, CKA_SENSITIVE true, CKA_VALUE unreadable", async () => {
    const generated = await generateEd25519KeyPair({ module: store.module, token, key: "policy-hsm-2", pin });
    expect(generated.protection).toEqual({ token: true, private: true, sensitive: true, extractable: false, always_sensitive: true, never_extractable: true });
    const ts = await openTokenSession({ module: store.module, token }, pin, true);
    try {
      const pair = findEd25519KeyPair(ts, "policy-hsm-2");
      expect(pair.protection.extractable).toBe(false);
      expect(pair.protection.sensitive).toBe(true);
      // The key value itself: the token refuses to reveal it.
      expect(() => readAttribute(ts, pair.privateKey, ts.binding.CKA_VALUE)).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      // And it cannot be made extractable afterwards.
      expect(() => ts.lib.C_SetAttributeValue(ts.session, pair.privateKey, [{ type: ts.binding.CKA_EXTRACTABLE, value: true }])).toThrow(/CKR_ATTRIBUTE_READ_ONLY/);
    } finally {
      ts.close();
    }
  });

  it("signs concurrent requests one at a time, each verifiable", async () => {
    await generateEd25519KeyPair({ module: store.module, token, key: "policy-hsm-3", pin });
    const signer = await openPkcs11Signer({ module: store.module, token, key: "policy-hsm-3", keyId: "policy-2027-01", pin });
    try {
      expect(signer.keyId).toBe("policy-2027-01");
      const bundles = await Promise.all([1, 2, 3, 4, 5].map(async (seq) => signBundle(await createBundle("acme", seq, defaultPolicy()), signer)));
      const jwk = await signer.publicKey();
      for (const b of bundles) await expect(verifyBundle(b, { "policy-2027-01": jwk })).resolves.toBeDefined();
    } finally {
      signer.close();
    }
  });

  it("refuses a wrong PIN, a missing key, a missing token, a missing module, an empty PIN and a taken label", async () => {
    await generateEd25519KeyPair({ module: store.module, token, key: "policy-hsm-4", pin });
    const wrongPin = pin === "00000000" ? "11111111" : "00000000";
    expect(await codeOf(openPkcs11Signer({ module: store.module, token, key: "policy-hsm-4", pin: wrongPin }))).toBe("pin_incorrect");
    expect(await codeOf(openPkcs11Signer({ module: store.module, token, key: "no-such-key", pin }))).toBe("key_not_found");
    expect(await codeOf(openPkcs11Signer({ module: store.module, token: "no-such-token", key: "policy-hsm-4", pin }))).toBe("token_not_found");
    expect(await codeOf(openPkcs11Signer({ module: "/nonexistent/libpkcs11.so", token, key: "policy-hsm-4", pin }))).toBe("module_unavailable");
    expect(await codeOf(openPkcs11Signer({ module: store.module, token, key: "policy-hsm-4", pin: "" }))).toBe("pin_missing");
    expect(await codeOf(generateEd25519KeyPair({ module: store.module, token, key: "policy-hsm-4", pin }))).toBe("key_exists");
    // The PIN never appears in an error message.
    const error = await openPkcs11Signer({ module: store.module, token, key: "policy-hsm-4", pin: wrongPin }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/PIN is wrong/);
    expect(error?.message).not.toContain(wrongPin);
    // After the failures the right PIN still works (a wrong PIN does not leave the library half-open).
    const signer = await openPkcs11Signer({ module: store.module, token, key: "policy-hsm-4", pin });
    signer.close();
  });

  it("refuses a key the token would let out (extractable, not sensitive) unless told otherwise", async () => {
    const ts = await openTokenSession({ module: store.module, token }, pin, true);
    try {
      const b = ts.binding;
      const common = [
        { type: b.CKA_TOKEN, value: true },
        { type: b.CKA_LABEL, value: "exportable" },
        { type: b.CKA_KEY_TYPE, value: CKK_EC_EDWARDS },
      ];
      ts.lib.C_GenerateKeyPair(
        ts.session,
        { mechanism: CKM_EC_EDWARDS_KEY_PAIR_GEN, parameter: null as unknown as undefined },
        [...common, { type: b.CKA_CLASS, value: b.CKO_PUBLIC_KEY }, { type: b.CKA_EC_PARAMS, value: Buffer.from(ED25519_EC_PARAMS) }, { type: b.CKA_VERIFY, value: true }],
        [...common, { type: b.CKA_CLASS, value: b.CKO_PRIVATE_KEY }, { type: b.CKA_SIGN, value: true }, { type: b.CKA_SENSITIVE, value: false }, { type: b.CKA_EXTRACTABLE, value: true }],
      );
    } finally {
      ts.close();
    }
    expect(await codeOf(openPkcs11Signer({ module: store.module, token, key: "exportable", pin }))).toBe("key_unprotected");
    const lenient = await openPkcs11Signer({ module: store.module, token, key: "exportable", pin, allowExportableKey: true });
    expect(lenient.protection).toMatchObject({ extractable: true, sensitive: false });
    lenient.close();
  });
});
