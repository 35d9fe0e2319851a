/**
 * `POST /v2/audit/ingest`: events decided on devices are appended at once with their leaf indices; an
 * upload retried after a lost answer gets the same indices (`duplicate`), a changed event under a known
 * id is refused (`conflict`); only operator/admin, only the caller's tenant, problem+json otherwise.
 */
import { describe, expect, it } from "vitest";
import { sampleAuditEvent } from "../../shared/src/audit/testing/sample-log.ts";
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
    expect(body.results.map((r) => [r.leaf_index, r.status])).toEqual([[0, "appended"], [1, "appended"], [2, "appended"]]);
    const retry = (await (await api("/v2/audit/ingest", { key: keys.admin, json: { events: [...events, ...deviceEvents(tenant, 1, 3)] } })).json()) as typeof body;
    expect(retry.results.map((r) => [r.leaf_index, r.status])).toEqual([[0, "duplicate"], [1, "duplicate"], [2, "duplicate"], [3, "appended"]]);
    const recorded = await waitForDecision(keys.auditor, events[1]!.event_id);
    expect(recorded).toMatchObject({ source: "device", device_id: "forklift-7", leaf_index: 1 });
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
