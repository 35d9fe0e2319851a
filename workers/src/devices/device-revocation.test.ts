/**
 * `POST /v2/devices/{id}/revoke` in workerd: the device's open sync session is closed with `device_revoked`,
 * its reconnect is refused with that code, its device API key no longer uploads its log, `GET /v2/devices/{id}`
 * and `/v2/fleet` show it revoked, the admin event `device.revoke` is recorded; a repeat changes nothing;
 * roles and tenants are enforced; re-enrolling the id needs an admin and `?force=true`.
 */
import { describe, expect, it } from "vitest";
import { generateSoftwareSigner, signDeviceKeyRotation } from "@nethical/core";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { api, createTenant } from "../testing/api.ts";
import { authenticate, connect } from "../testing/sync-client.ts";

async function enrolDevice(operatorKey: string, deviceId: string, force = false) {
  const device = await generateSoftwareSigner(deviceId);
  const res = await api(`/v2/devices${force ? "?force=true" : ""}`, { key: operatorKey, json: { device_id: deviceId, public_key_jwk: device.publicKeyJwk } });
  return { res, signer: device.signer, apiKey: res.status === 201 ? ((await res.clone().json()) as { api_key: string }).api_key : "" };
}

function upload(apiKey: string, tenant: string, deviceId: string, n: number): Promise<Response> {
  return api("/v2/audit/ingest", { key: apiKey, json: { events: [sampleAuditEvent(n, { tenant, source: "device", device_id: deviceId, event_id: `rev-${crypto.randomUUID()}` })] } });
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 100 && !ok(value); i++) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

describe("POST /v2/devices/{id}/revoke", { timeout: 30_000 }, () => {
  it("closes the session, refuses reconnects and the device API key, shows revoked, records the event", async () => {
    const { tenant, keys } = await createTenant("devrev");
    const device = await enrolDevice(keys.operator, "robot-v");
    expect(device.res.status).toBe(201);
    expect((await upload(device.apiKey, tenant, "robot-v", 1)).status).toBe(200);
    const client = await connect(tenant);
    expect(await authenticate(client, tenant, "robot-v", device.signer)).toMatchObject({ type: "ready" });
    expect(await client.message()).toMatchObject({ type: "snapshot" });
    const closed = new Promise<number>((resolve) => client.ws.addEventListener("close", (e) => resolve(e.code)));

    const res = await api("/v2/devices/robot-v/revoke", { key: keys.operator, json: { reason: "reported stolen" } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { changed: boolean; revoked_key_ids: string[]; sessions_closed: number; device: { revoked?: { reason: string } } };
    expect(body).toMatchObject({ changed: true, sessions_closed: 1, device: { revoked: { reason: "reported stolen" } } });
    expect(body.revoked_key_ids).toHaveLength(1);
    expect(await client.message()).toMatchObject({ type: "error", code: "device_revoked" });
    expect(await closed).toBe(1008);

    const again = await connect(tenant);
    expect(await authenticate(again, tenant, "robot-v", device.signer)).toMatchObject({ type: "error", code: "device_revoked" });
    expect((await upload(device.apiKey, tenant, "robot-v", 2)).status).toBe(401);
    expect(await (await api("/v2/devices/robot-v", { key: keys.auditor })).json()).toMatchObject({ revoked: { reason: "reported stolen" } });
    const fleet = await waitFor(
      async () => (await (await api("/v2/fleet", { key: keys.operator })).json()) as { devices: { device_id: string; connected: boolean; revoked?: unknown }[] },
      (f) => f.devices.some((d) => d.device_id === "robot-v" && d.revoked !== undefined && !d.connected),
    );
    expect(fleet.devices.find((d) => d.device_id === "robot-v")).toMatchObject({ connected: false, revoked: { reason: "reported stolen" } });
    const events = await waitFor(
      async () => (await (await api("/v2/audit/admin-events?action=device.revoke", { key: keys.auditor })).json()) as { admin_events: { target: { id: string }; reason?: string }[] },
      (e) => e.admin_events.length > 0,
    );
    expect(events.admin_events).toEqual([expect.objectContaining({ target: { type: "device", id: "robot-v" }, reason: "reported stolen" })]);

    // A repeat changes nothing; a revoked device cannot rotate its key.
    expect(await (await api("/v2/devices/robot-v/revoke", { key: keys.admin, json: { reason: "again" } })).json()).toMatchObject({ changed: false, revoked_key_ids: [], device: { revoked: { reason: "reported stolen" } } });
    const rotation = await signDeviceKeyRotation({ tenant, device_id: "robot-v", oldKey: device.signer, newKey: (await generateSoftwareSigner("n")).signer, now: Date.now() });
    const refused = await api("/v2/devices/robot-v/key", { key: keys.operator, json: rotation });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "device_revoked" });
  });

  it("re-enrolling a revoked id: refused for operators and for admins without force; an admin with ?force=true reinstates it", async () => {
    const { tenant, keys } = await createTenant("devrev-force");
    await enrolDevice(keys.operator, "robot-f");
    expect((await api("/v2/devices/robot-f/revoke", { key: keys.admin, json: { reason: "decommissioned" } })).status).toBe(200);
    for (const [key, force] of [[keys.operator, false], [keys.operator, true], [keys.admin, false]] as const) {
      const { res } = await enrolDevice(key, "robot-f", force);
      expect(res.status).toBe(409);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ code: "device_revoked" });
    }
    const forced = await enrolDevice(keys.admin, "robot-f", true);
    expect(forced.res.status).toBe(201);
    expect(await (await api("/v2/devices/robot-f", { key: keys.operator })).json()).not.toHaveProperty("revoked");
    const client = await connect(tenant);
    expect(await authenticate(client, tenant, "robot-f", forced.signer)).toMatchObject({ type: "ready" });
    expect(await client.message()).toMatchObject({ type: "snapshot" });
    client.ws.close(1000, "done");
    expect((await upload(forced.apiKey, tenant, "robot-f", 3)).status).toBe(200);
  });

  it("roles, tenants and bad input: problem+json, nothing revoked", async () => {
    const { tenant, keys } = await createTenant("devrev-roles");
    const device = await enrolDevice(keys.operator, "robot-g");
    const other = await createTenant("devrev-other");
    const cases: [string, string, unknown, number][] = [
      [keys.auditor, "robot-g", { reason: "x" }, 403],
      [keys.agent, "robot-g", { reason: "x" }, 403],
      [device.apiKey, "robot-g", { reason: "x" }, 403],
      [other.keys.admin, "robot-g", { reason: "x" }, 404],
      [keys.operator, "no-such-device", { reason: "x" }, 404],
      [keys.operator, "robot-g", {}, 422],
      [keys.operator, "robot-g", { reason: "" }, 422],
      [keys.operator, "robot-g", { reason: "x", extra: true }, 422],
    ];
    for (const [key, id, json, status] of cases) {
      const res = await api(`/v2/devices/${id}/revoke`, { key, json });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    expect(await (await api("/v2/devices/robot-g", { key: keys.operator })).json()).not.toHaveProperty("revoked");
    const client = await connect(tenant);
    expect(await authenticate(client, tenant, "robot-g", device.signer)).toMatchObject({ type: "ready" });
    expect(await client.message()).toMatchObject({ type: "snapshot" });
    client.ws.close(1000, "done");
  });
});
