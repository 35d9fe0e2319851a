/**
 * `GET /v2/fairness` in workerd from decisions made through the real evaluate route (no Postgres: counted
 * by the AuditLog): a known mix per cohort comes back as exactly those counts, with the rates and
 * intervals of the unit-tested figures; an undeclared value is a pseudonym, a cohort under min_cohort is
 * too small; the stored events hold the pseudonym, never the value; setting the field is an audited
 * admin change; roles and tenants are kept apart.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newcombe, wilson, type AdminAuditEvent } from "@nethical/core";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { waitForDecision } from "./audit/testing.ts";
import { action, api, createTenant, evaluate, killSwitchPolicy, setPolicy, type TestTenant } from "./testing/api.ts";

let t: TestTenant;
let other: TestTenant;
const ids: string[] = [];

/** Cohort value → [ALLOW, BLOCK] decisions made. "C" is not declared; requests without the field add noise. */
const MIX: Record<string, [number, number]> = { A: [10, 2], B: [5, 5], C: [2, 1] };

interface Report {
  field: string;
  source: string;
  decisions: number;
  reference: string | null;
  cohorts: ({ cohort: string; label: string | null; status: string; decisions: number } & Record<string, unknown>)[];
}

beforeAll(async () => {
  t = await createTenant("fairness");
  other = await createTenant("fairness-other");
  await setPolicy(t.keys.operator, killSwitchPolicy());
  const put = await api("/v2/fairness/config", { method: "PUT", key: t.keys.operator, json: { field: "applicant.group", values: ["A", "B"] } });
  expect(put.status).toBe(200);
  let n = 0;
  for (const [group, [allow, block]] of Object.entries(MIX)) {
    for (let i = 0; i < allow + block; i++) {
      const context = { applicant: { group }, ...(i >= allow ? { block: true } : {}) };
      const { headers, body } = await evaluate(t.keys.agent, action(`agent-${n++}`, { context }));
      expect(body.decision).toBe(i >= allow ? "BLOCK" : "ALLOW");
      ids.push(headers.get("x-nethical-audit-event-id")!);
    }
  }
  for (let i = 0; i < 3; i++) ids.push((await evaluate(t.keys.agent, action(`agent-x${i}`, { context: { other: 1 } }))).headers.get("x-nethical-audit-event-id")!);
  for (const id of ids) await waitForDecision(t.keys.auditor, id);
}, 60_000);

describe("GET /v2/fairness", () => {
  it("reports the known mix exactly, with Wilson, Newcombe and Katz figures against the largest cohort", async () => {
    const res = await api("/v2/fairness?min_cohort=5", { key: t.keys.auditor });
    expect(res.status).toBe(200);
    const report = (await res.json()) as Report;
    expect(report).toMatchObject({ field: "applicant.group", source: "audit-log", decisions: 25 });
    const [a, b, c] = report.cohorts;
    expect(a).toMatchObject({ label: "A", status: "ok", decisions: 12, counts: { ALLOW: 10, RESTRICT: 0, BLOCK: 2, TERMINATE: 0 }, reference: true });
    expect(report.reference).toBe(a!.cohort);
    expect(b).toMatchObject({ label: "B", status: "ok", decisions: 10, counts: { ALLOW: 5, RESTRICT: 0, BLOCK: 5, TERMINATE: 0 }, reference: false });
    expect(b!.favourable_rate).toBeCloseTo(0.5, 12);
    expect(b!.favourable_rate_ci).toEqual(wilson(5, 10));
    expect(b!.statistical_parity_difference).toBeCloseTo(0.5 - 10 / 12, 12);
    expect(b!.statistical_parity_difference_ci).toEqual(newcombe(5, 10, 10, 12));
    expect(b!.disparate_impact_ratio).toBeCloseTo(0.5 / (10 / 12), 12);
    // C: not declared (a pseudonym, no label) and under min_cohort: its size only.
    expect(c).toEqual({ cohort: expect.stringMatching(/^[0-9a-f]{32}$/), label: null, status: "too_small", decisions: 3 });
  });

  it("a named reference, min_cohort and the time window apply", async () => {
    const byB = (await (await api("/v2/fairness?min_cohort=5&reference=B", { key: t.keys.operator })).json()) as Report;
    expect(byB.cohorts.find((x) => x.label === "A")!.disparate_impact_ratio).toBeCloseTo(10 / 12 / 0.5, 12);
    const strict = (await (await api("/v2/fairness?min_cohort=11", { key: t.keys.admin })).json()) as Report;
    expect(strict.cohorts.map((x) => [x.label, x.status])).toEqual([["A", "ok"], ["B", "too_small"], [null, "too_small"]]);
    const past = (await (await api("/v2/fairness?until=2020-01-01T00:00:00Z", { key: t.keys.auditor })).json()) as Report;
    expect(past).toMatchObject({ decisions: 0, cohorts: [], reference: null });
    expect((await api("/v2/fairness?since=2030-01-01T00:00:00Z&until=2029-01-01T00:00:00Z", { key: t.keys.auditor })).status).toBe(422);
  });

  it("a cohort in a device-uploaded event is not trusted (a device holds no salt): not counted", async () => {
    const before = (await (await api("/v2/fairness?min_cohort=5", { key: t.keys.auditor })).json()) as Report;
    const a = before.cohorts.find((x) => x.label === "A")!;
    const forged = Array.from({ length: 5 }, (_, i) => sampleAuditEvent(900 + i, { tenant: t.tenant, source: "device", device_id: "forklift-9", decision: "BLOCK", time: new Date().toISOString(), cohort: { field: "applicant.group", id: a.cohort } }));
    expect((await api("/v2/audit/ingest", { key: t.keys.operator, json: { events: forged } })).status).toBe(200);
    const after = (await (await api("/v2/fairness?min_cohort=5", { key: t.keys.auditor })).json()) as Report;
    expect(after.decisions).toBe(before.decisions);
    expect(after.cohorts).toEqual(before.cohorts);
  });

  it("stores a keyed pseudonym, never the value", async () => {
    const body = (await (await api(`/v2/decisions/${ids[0]}`, { key: t.keys.auditor })).json()) as { cohort?: { field: string; id: string } };
    expect(body.cohort).toEqual({ field: "applicant.group", id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const page = (await (await api("/v2/decisions?limit=500", { key: t.keys.auditor })).json()) as { decisions: unknown[] };
    expect(JSON.stringify(page)).not.toMatch(/"group"|"A"|"B"/);
    // Another tenant's pseudonym of the same value differs (its own salt) and it sees none of these.
    await api("/v2/fairness/config", { method: "PUT", key: other.keys.admin, json: { field: "applicant.group" } });
    const theirs = (await (await api("/v2/fairness?min_cohort=1", { key: other.keys.auditor })).json()) as Report;
    expect(theirs.decisions).toBe(0);
  });

  it("setting the field is an audited admin change; roles", async () => {
    const list = (await (await api("/v2/audit/admin-events?action=fairness.configure", { key: t.keys.auditor })).json()) as { admin_events: AdminAuditEvent[] };
    expect(list.admin_events).toHaveLength(1);
    expect(list.admin_events[0]).toMatchObject({ actor: { key_id: t.keyIds.operator }, before: null, after: { field: "applicant.group", values: ["A", "B"] } });
    expect(JSON.stringify(list.admin_events)).not.toContain("salt");
    expect((await api("/v2/fairness", { key: t.keys.agent })).status).toBe(403);
    expect((await api("/v2/fairness/config", { method: "PUT", key: t.keys.auditor, json: { field: "x" } })).status).toBe(403);
    expect((await api("/v2/fairness/config", { method: "PUT", key: t.keys.operator, json: { field: "bad field!" } })).status).toBe(422);
    const config = (await (await api("/v2/fairness/config", { key: t.keys.auditor })).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ field: "applicant.group", values: ["A", "B"] });
    expect(Object.keys(config)).not.toContain("salt");
  });
});

describe("GET /v2/fairness without a field", () => {
  it("says to name one (422 problem)", async () => {
    const fresh = await createTenant("fairness-none");
    const res = await api("/v2/fairness", { key: fresh.keys.auditor });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
