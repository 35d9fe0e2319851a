/**
 * The PCR policy routes and TPM enrolment in workerd: roles, validation, tenant isolation; `POST
 * /v2/devices` records a TPM AK parsed from its TPM2B_PUBLIC and refuses one that is not an attestation key.
 * (Quotes against a real TPM: edge-device/src/e2e/tpm-attestation.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { base64UrlDecode, base64UrlEncode, generateSoftwareSigner } from "@nethical/core";
import { api, createTenant } from "../testing/api.ts";

const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
const b2b = (b: Uint8Array | number[]) => [...u16(b.length), ...b];

/** TPM2B_PUBLIC of an ECC P-256 ECDSA/SHA-256 key with the given objectAttributes. */
async function akPublic(attributes: number): Promise<string> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  const body = [...u16(0x23), ...u16(0x0b), ...u32(attributes), ...b2b([]), ...u16(0x10), ...u16(0x18), ...u16(0x0b), ...u16(3), ...u16(0x10), ...b2b(base64UrlDecode(jwk.x as string)), ...b2b(base64UrlDecode(jwk.y as string))];
  return base64UrlEncode(new Uint8Array(b2b(body)));
}
const AK = 0x00050072; // fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, restricted, sign (tpm2_createak's)

describe("PCR policy routes", () => {
  it("operators set it, auditors read it, agents may not; invalid bodies are 422; tenants do not see each other's", async () => {
    const a = await createTenant("pcr-a");
    const b = await createTenant("pcr-b");
    const path = "/v2/attestation/pcr-policy";
    expect((await api(path, { key: a.keys.auditor })).status).toBe(404);
    const policy = { pcrs: { "0": "AB".repeat(32), "7": "0".repeat(64) }, require_tpm: true };
    expect((await api(path, { method: "PUT", key: a.keys.agent, json: policy })).status).toBe(403);
    expect((await api(path, { method: "PUT", key: a.keys.auditor, json: policy })).status).toBe(403);
    const put = await api(path, { method: "PUT", key: a.keys.operator, json: policy });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ tenant: a.tenant, pcrs: { "0": "ab".repeat(32), "7": "0".repeat(64) }, require_tpm: true });
    expect(await (await api(path, { key: a.keys.auditor })).json()).toMatchObject({ pcrs: { "0": "ab".repeat(32) } });
    expect((await api(path, { key: b.keys.auditor })).status).toBe(404);
    for (const bad of [{ pcrs: {} }, { pcrs: { "24": "0".repeat(64) } }, { pcrs: { "0": "zz" } }, { pcrs: { "0": "0".repeat(64) }, extra: 1 }]) {
      const res = await api(path, { method: "PUT", key: a.keys.operator, json: bad });
      expect(res.status, JSON.stringify(bad)).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect(await (await api(path, { method: "DELETE", key: a.keys.operator })).json()).toEqual({ tenant: a.tenant, removed: true });
    expect((await api(path, { key: a.keys.auditor })).status).toBe(404);
  });
});

describe("POST /v2/devices with TPM attestation", () => {
  it("records the AK as a P-256 JWK, defaults to software, and refuses a key that is not a restricted TPM signing key", async () => {
    const { keys } = await createTenant("tpm-enrol");
    const { publicKeyJwk } = await generateSoftwareSigner("dev");
    const ak = await akPublic(AK);
    const res = await api("/v2/devices", { key: keys.operator, json: { device_id: "tpm-1", public_key_jwk: publicKeyJwk, attestation: { kind: "tpm", ak_public: ak } } });
    expect(res.status).toBe(201);
    expect((await res.json()) as object).toMatchObject({ attestation: { mode: "tpm", ak: { alg: "ecdsa-p256-sha256", jwk: { kty: "EC", crv: "P-256" } }, ak_public: ak } });
    expect(await (await api("/v2/devices/tpm-1", { key: keys.auditor })).json()).toMatchObject({ attestation: { mode: "tpm" } });
    const soft = await api("/v2/devices", { key: keys.operator, json: { device_id: "soft-1", public_key_jwk: publicKeyJwk } });
    expect(await soft.json()).toMatchObject({ attestation: { mode: "software" } });
    for (const bad of [await akPublic(AK & ~0x00010000), await akPublic(AK | 0x00020000), "AAAA", ak.slice(0, 40)]) {
      const refused = await api("/v2/devices", { key: keys.operator, json: { device_id: "tpm-2", public_key_jwk: publicKeyJwk, attestation: { kind: "tpm", ak_public: bad } } });
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/ak_public/);
    }
  });
});
