/**
 * `POST /v2/devices/{id}/key` in workerd: a device rotates its own identity key with proofs by both keys;
 * sync then accepts only the new key and refuses the old one with `key_retired`; the record keeps the old key
 * with its window. Roles (device: own id only; operator/admin: any; auditor/agent: no), tenant isolation and
 * every refusal (wrong proofs, another tenant's or device's proof, stale issued_at, same key, reused key,
 * malformed JWK, replay, revoked device) answer problem+json with a distinct `code` and change nothing.
 */
import { describe, expect, it } from "vitest";
import { ed25519Thumbprint, generateSoftwareSigner, signDeviceKeyRotation, type Signer } from "@nethical/core";
import { api, createTenant } from "../testing/api.ts";
import { authenticate, connect } from "../testing/sync-client.ts";

interface Enrolled {
  signer: Signer;
  apiKey: string;
}

async function enrolDevice(operatorKey: string, deviceId: string): Promise<Enrolled> {
  const device = await generateSoftwareSigner(deviceId);
  const res = await api("/v2/devices", { key: operatorKey, json: { device_id: deviceId, public_key_jwk: device.publicKeyJwk } });
  expect(res.status).toBe(201);
  return { signer: device.signer, apiKey: ((await res.json()) as { api_key: string }).api_key };
}

async function record(key: string, deviceId: string): Promise<Record<string, unknown>> {
  const res = await api(`/v2/devices/${deviceId}`, { key });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function expectProblem(res: Response, status: number, code?: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as { code?: string };
  if (code !== undefined) expect(body.code).toBe(code);
}

describe("POST /v2/devices/{id}/key", { timeout: 30_000 }, () => {
  it("a device rotates its own key: sync accepts the new key and refuses the old one with key_retired", async () => {
    const { tenant, keys } = await createTenant("devkey");
    const device = await enrolDevice(keys.operator, "robot-r");
    const before = await record(keys.operator, "robot-r");
    const next = (await generateSoftwareSigner("robot-r")).signer;
    const body = await signDeviceKeyRotation({ tenant, device_id: "robot-r", oldKey: device.signer, newKey: next, now: Date.now() });
    const res = await api("/v2/devices/robot-r/key", { key: device.apiKey, json: body });
    expect(res.status).toBe(200);
    const after = (await res.json()) as { key_thumbprint: string; public_key_jwk: JsonWebKey; previous_keys: { key_thumbprint: string; since: string; retired_at: string }[] };
    expect(after.key_thumbprint).toBe(await ed25519Thumbprint(await next.publicKey()));
    expect(after.public_key_jwk).toEqual(await next.publicKey());
    expect(after.previous_keys).toEqual([expect.objectContaining({ key_thumbprint: before.key_thumbprint, since: before.key_since, retired_at: expect.any(String) })]);
    expect(await record(keys.auditor, "robot-r")).toMatchObject({ key_thumbprint: after.key_thumbprint });

    const withNew = await connect(tenant);
    expect(await authenticate(withNew, tenant, "robot-r", next)).toMatchObject({ type: "ready" });
    expect(await withNew.message()).toMatchObject({ type: "snapshot" });
    withNew.ws.close(1000, "done");
    const withOld = await connect(tenant);
    expect(await authenticate(withOld, tenant, "robot-r", device.signer)).toMatchObject({ type: "error", code: "key_retired" });
    // A key that was never this device's is still bad_signature.
    const stranger = await connect(tenant);
    expect(await authenticate(stranger, tenant, "robot-r", (await generateSoftwareSigner("x")).signer)).toMatchObject({ type: "error", code: "bad_signature" });

    // The same proof again: replayed. The old key cannot come back.
    await expectProblem(await api("/v2/devices/robot-r/key", { key: keys.operator, json: body }), 409, "proof_replayed");
    const back = await signDeviceKeyRotation({ tenant, device_id: "robot-r", oldKey: next, newKey: device.signer, now: Date.now() });
    await expectProblem(await api("/v2/devices/robot-r/key", { key: keys.admin, json: back }), 409, "key_reused");
  });

  it("operators and admins may rotate any device; a device only its own; auditors and agents not; other tenants see no device", async () => {
    const { tenant, keys } = await createTenant("devkey-roles");
    const a = await enrolDevice(keys.operator, "robot-a");
    const b = await enrolDevice(keys.operator, "robot-b");
    const other = await createTenant("devkey-other");
    const nextA = (await generateSoftwareSigner("a")).signer;
    const bodyA = await signDeviceKeyRotation({ tenant, device_id: "robot-a", oldKey: a.signer, newKey: nextA, now: Date.now() });
    await expectProblem(await api("/v2/devices/robot-a/key", { key: b.apiKey, json: bodyA }), 403);
    await expectProblem(await api("/v2/devices/robot-a/key", { key: keys.auditor, json: bodyA }), 403);
    await expectProblem(await api("/v2/devices/robot-a/key", { key: keys.agent, json: bodyA }), 403);
    // Another tenant's operator: its tenant has no robot-a.
    await expectProblem(await api("/v2/devices/robot-a/key", { key: other.keys.operator, json: bodyA }), 404, "not_found");
    expect((await record(keys.operator, "robot-a")).previous_keys).toBeUndefined();
    expect((await api("/v2/devices/robot-a/key", { key: keys.operator, json: bodyA })).status).toBe(200);
    const nextB = (await generateSoftwareSigner("b")).signer;
    const bodyB = await signDeviceKeyRotation({ tenant, device_id: "robot-b", oldKey: b.signer, newKey: nextB, now: Date.now() });
    expect((await api("/v2/devices/robot-b/key", { key: keys.admin, json: bodyB })).status).toBe(200);
  });

  it("refuses bad proofs, foreign claims, stale times, the same key and malformed keys with distinct codes, changing nothing", async () => {
    const { tenant, keys } = await createTenant("devkey-bad");
    const device = await enrolDevice(keys.operator, "robot-x");
    await enrolDevice(keys.operator, "robot-y");
    const before = await record(keys.operator, "robot-x");
    const next = (await generateSoftwareSigner("n")).signer;
    const impostor = (await generateSoftwareSigner("i")).signer;
    const now = Date.now();
    const good = await signDeviceKeyRotation({ tenant, device_id: "robot-x", oldKey: device.signer, newKey: next, now });
    const byImpostorAsOld = await signDeviceKeyRotation({ tenant, device_id: "robot-x", oldKey: impostor, newKey: next, now });
    const otherTenant = await signDeviceKeyRotation({ tenant: "someone-else", device_id: "robot-x", oldKey: device.signer, newKey: next, now });
    const otherDevice = await signDeviceKeyRotation({ tenant, device_id: "robot-y", oldKey: device.signer, newKey: next, now });
    const stale = await signDeviceKeyRotation({ tenant, device_id: "robot-x", oldKey: device.signer, newKey: next, now: now - 10 * 60_000 });
    const future = await signDeviceKeyRotation({ tenant, device_id: "robot-x", oldKey: device.signer, newKey: next, now: now + 10 * 60_000 });
    const same = await signDeviceKeyRotation({ tenant, device_id: "robot-x", oldKey: device.signer, newKey: device.signer, now });
    const cases: [unknown, number, string | undefined][] = [
      [{ ...good, proof_old: byImpostorAsOld.proof_old }, 422, "bad_proof_old"],
      [{ ...good, proof_new: byImpostorAsOld.proof_old }, 422, "bad_proof_new"],
      [{ ...good, proof_new: good.proof_old }, 422, "bad_proof_new"],
      [{ ...good, proof_old: "!!!" }, 422, "bad_proof_old"],
      [otherTenant, 422, "bad_proof_old"],
      [otherDevice, 422, "bad_proof_old"],
      [{ ...good, issued_at: new Date(now + 1000).toISOString() }, 422, "bad_proof_old"],
      [stale, 422, "stale_proof"],
      [future, 422, "stale_proof"],
      [same, 409, "same_key"],
      [{ ...good, public_key_jwk: { kty: "OKP", crv: "Ed25519", x: "short" } }, 422, "malformed_key"],
      [{ ...good, public_key_jwk: { kty: "EC", crv: "P-256", x: "a", y: "b" } }, 422, "malformed_key"],
      [{ ...good, issued_at: "yesterday" }, 422, undefined],
      [{ ...good, extra: 1 }, 422, undefined],
    ];
    for (const [json, status, code] of cases) {
      await expectProblem(await api("/v2/devices/robot-x/key", { key: keys.operator, json }), status, code);
    }
    await expectProblem(await api("/v2/devices/never/key", { key: keys.operator, json: good }), 404, "not_found");
    expect(await record(keys.operator, "robot-x")).toEqual(before);
    // Nothing changed: the old key still syncs.
    const client = await connect(tenant);
    expect(await authenticate(client, tenant, "robot-x", device.signer)).toMatchObject({ type: "ready" });
    expect(await client.message()).toMatchObject({ type: "snapshot" });
    client.ws.close(1000, "done");
  });
});
