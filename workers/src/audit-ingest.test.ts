/**
 * `POST /v2/audit/ingest`: events decided on devices are appended at once with their leaf indices; an
 * upload retried after a lost answer gets the same indices (`duplicate`), a changed event under a known
 * id is refused (`conflict`); a device key (from enrolment) only for its own device, operator/admin for any,
 * only the caller's tenant, problem+json otherwise.
 */
import { describe, expect, it } from "vitest";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { api, createTenant } from "./testing/api.ts";
import { waitForDecision } from "./audit/testing.ts";

function deviceEvents(tenant: string, count: number, from = 0) {
  return Array.from({ length: count }, (_, i) => sampleAuditEvent(from + i, { tenant, source: "device", device_id: "forklift-7" }));
}

describe("POST /v2/audit/ingest", () => {
  it("appends device events, idempotently, and they reach the decision API", async () => {
    const { tenant, keys } = await createTenant("ingest");
    const events = deviceEvents(tenant, 3);
    const first = await api("/v2/audit/ingest", { key: keys.operator, json: { events } });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { results: { event_id: string; leaf_index: number; status: string }[]; conflicts: number };
    // The tenant's own admin events (its keys issued) may take leaves before or between these: the queue
    // delivers them on its own schedule. The device events are appended in order, each once.
    const leaves = body.results.map((r) => r.leaf_index);
    expect(body.results.map((r) => r.status)).toEqual(["appended", "appended", "appended"]);
    expect([...leaves].sort((a, b) => a - b)).toEqual(leaves);
    const retry = (await (await api("/v2/audit/ingest", { key: keys.admin, json: { events: [...events, ...deviceEvents(tenant, 1, 3)] } })).json()) as typeof body;
    expect(retry.results.map((r) => r.status)).toEqual(["duplicate", "duplicate", "duplicate", "appended"]);
    expect(retry.results.slice(0, 3).map((r) => r.leaf_index)).toEqual(leaves);
    expect(retry.results[3]!.leaf_index).toBeGreaterThan(leaves[2]!);
    const recorded = await waitForDecision(keys.auditor, events[1]!.event_id);
    expect(recorded).toMatchObject({ source: "device", device_id: "forklift-7", leaf_index: leaves[1] });
  });

  it("refuses a changed event under a known id, keeping the first", async () => {
    const { tenant, keys } = await createTenant("ingest-conflict");
    const [event] = deviceEvents(tenant, 1);
    await api("/v2/audit/ingest", { key: keys.operator, json: { events: [event] } });
    const res = await api("/v2/audit/ingest", { key: keys.operator, json: { events: [{ ...event, decision: "ALLOW" === event!.decision ? "BLOCK" : "ALLOW" }] } });
    const body = (await res.json()) as { results: { status: string }[]; conflicts: number };
    expect(body).toMatchObject({ conflicts: 1, results: [{ status: "conflict" }] });
  });

  it("refuses other tenants' events, repeated ids, malformed events and wrong roles with problems", async () => {
    const { tenant, keys } = await createTenant("ingest-bad");
    const ok = deviceEvents(tenant, 1);
    const cases: [string, unknown, number][] = [
      [keys.operator, { events: deviceEvents("someone-else", 1) }, 422],
      [keys.operator, { events: [...ok, ...ok] }, 422],
      [keys.operator, { events: [{ ...ok[0], time: "yesterday" }] }, 422],
      [keys.operator, { events: [] }, 422],
      [keys.agent, { events: ok }, 403],
      [keys.auditor, { events: ok }, 403],
    ];
    for (const [key, json, status] of cases) {
      const res = await api("/v2/audit/ingest", { key, json });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.text()).not.toContain("forklift-7");
    }
  });
});

describe("device keys", () => {
  async function enrolForklift(operatorKey: string, deviceId: string): Promise<string> {
    const keyPair = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const jwk = await crypto.subtle.exportKey("jwk", keyPair.publicKey);
    const res = await api("/v2/devices", { key: operatorKey, json: { device_id: deviceId, public_key_jwk: jwk } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { api_key: string; device_id: string };
    expect(body.device_id).toBe(deviceId);
    expect(body.api_key).toMatch(/^nk_/);
    return body.api_key;
  }

  it("enrolment issues a key that uploads its own device's decisions and nothing else", async () => {
    const { tenant, keys } = await createTenant("ingest-device");
    const deviceKey = await enrolForklift(keys.operator, "forklift-7");
    const own = await api("/v2/audit/ingest", { key: deviceKey, json: { events: deviceEvents(tenant, 2) } });
    expect(own.status).toBe(200);

    const other = sampleAuditEvent(9, { tenant, source: "device", device_id: "forklift-8" });
    const notMine = await api("/v2/audit/ingest", { key: deviceKey, json: { events: [other] } });
    expect(notMine.status).toBe(403);
    expect(notMine.headers.get("content-type")).toBe("application/problem+json");
    const edge = sampleAuditEvent(10, { tenant, source: "edge-worker" });
    expect((await api("/v2/audit/ingest", { key: deviceKey, json: { events: [edge] } })).status).toBe(403);

    const evaluate = await api("/v2/evaluate", { key: deviceKey, json: { agent_id: "a", action: "hi", action_type: "query" } });
    expect(evaluate.status).toBe(403);
    expect((await api("/v2/decisions", { key: deviceKey })).status).toBe(403);
  });

  it("cannot be issued through the admin key route", async () => {
    const { tenant, keys } = await createTenant("ingest-device-admin");
    const res = await api(`/v2/admin/tenants/${tenant}/keys`, { key: keys.admin, json: { role: "device" } });
    expect(res.status).toBe(422);
  });
});
