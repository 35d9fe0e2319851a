/**
 * The runtime monitor in the AgentState object (workerd): each violation is injected through a test-only
 * seam — a corrupted row written straight into the object's SQLite, a bundle loader patched to hand over a
 * bundle that was never verified — and caught in the critical section: the decision is TERMINATE
 * (`runtime_monitor` override), the agent stays terminated, and the violation is alerted (webhook), counted
 * (MetricsStore) and recorded (a `monitor.violation` admin leaf). Normal traffic raises nothing.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { defaultPolicy, loadPolicy, policyHashSync, type EvaluateRequest } from "@nethical/core";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { agentStateName, policyStoreName } from "../storage-keys.ts";
import { auditLogFor, metricsStoreFor, webhookOutboxFor } from "../residency/by-tenant.ts";
import type { AgentState } from "./agent-state.ts";

async function tenantWithPolicy(): Promise<{ tenant: string; ref: { hash: string; seq: number } }> {
  const tenant = `mon-${crypto.randomUUID().slice(0, 8)}`;
  const store = env.POLICY_STORE.get(env.POLICY_STORE.idFromName(policyStoreName(tenant)));
  const { tenant: info } = await store.createTenant(tenant, tenant, Date.now());
  return { tenant, ref: { hash: info.active.hash, seq: info.active.seq } };
}

const agent = (tenant: string, id: string) => env.AGENT_STATE.get(env.AGENT_STATE.idFromName(agentStateName(tenant, id)));
const auditLog = (tenant: string) => auditLogFor(env, tenant);
const benign = (id: string): EvaluateRequest => ({ agent_id: id, action: "list files in /tmp", action_type: "query" });

/** Run `inject` against the object's own storage and instance (the test-only seam). */
async function inject(tenant: string, id: string, inject: (instance: AgentState, sql: SqlStorage) => void): Promise<void> {
  await runInDurableObject(agent(tenant, id), (instance: AgentState, state) => inject(instance, state.storage.sql));
}

async function expectCaught(tenant: string, id: string, property: "P1" | "P2" | "P3", decided: { response: { decision: string; explanation: { decided_by: { id: string }[] } } }) {
  expect(decided.response.decision).toBe("TERMINATE");
  expect(decided.response.explanation.decided_by[0]?.id).toBe("runtime_monitor");
  // One corruption may be seen twice (P1: the stored row lost its termination, and the ALLOW it allowed).
  const seen = (await agent(tenant, id).monitorStats()).violations[property];
  expect(seen).toBeGreaterThanOrEqual(1);
  expect(await agent(tenant, id).snapshot(tenant, id, Date.now())).toMatchObject({ terminated: true });
  // Fail-safe holds: the next benign request is TERMINATE too (sticky), with no further alarm.
  expect((await agent(tenant, id).decide(tenant, benign(id), (await ref(tenant)).ref, Date.now())).response.decision).toBe("TERMINATE");
  expect((await agent(tenant, id).monitorStats()).violations[property]).toBe(seen);
  // Audit record: a monitor.violation admin leaf for the agent per violation.
  const leaves = await auditLog(tenant).listAdmin(tenant, { action: "monitor.violation", limit: 10 });
  expect(leaves.map((l) => [l.event.target, l.event.after?.property])).toEqual(Array.from({ length: seen }, () => [{ type: "agent", id }, property]));
  // Metric: nethical_monitor_violations_total{property, where="agent_state"}.
  const metrics = await metricsStoreFor(env, tenant).snapshot(tenant);
  expect(metrics.counters.filter((c) => c.name === "monitor_violations")).toEqual([{ name: "monitor_violations", labels: { property, where: "agent_state" }, value: seen }]);
}

const refs = new Map<string, { hash: string; seq: number }>();
async function ref(tenant: string) {
  return { ref: refs.get(tenant)! };
}
async function setup() {
  const t = await tenantWithPolicy();
  refs.set(t.tenant, t.ref);
  return t;
}

describe("AgentState runtime monitor", () => {
  // @req SAFETY-P1
  it("P1: a row whose termination was cleared without a reinstatement is caught; the ALLOW becomes TERMINATE", async () => {
    const { tenant, ref: r } = await setup();
    const stub = agent(tenant, "p1");
    await stub.decide(tenant, benign("p1"), r, Date.now());
    await stub.terminate(tenant, "p1", "op-key", "runaway loop", Date.now());
    await inject(tenant, "p1", (_i, sql) => sql.exec("UPDATE agent SET terminated = 0, terminated_reason = NULL, terminated_at = NULL"));
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const decided = await stub.decide(tenant, benign("p1"), r, Date.now());
      await expectCaught(tenant, "p1", "P1", decided);
      const alert = error.mock.calls.map((a) => String(a[0])).find((l) => l.includes("safety property violated"));
      expect(JSON.parse(alert ?? "{}")).toMatchObject({ level: "error", tenant, site: "agent_state", property: "P1", agent_id: "p1" });
    } finally {
      error.mockRestore();
    }
  });

  // @req SAFETY-P2
  it("P2: a rewound seq (corrupted row) is caught", async () => {
    const { tenant, ref: r } = await setup();
    const stub = agent(tenant, "p2");
    await stub.decideAll(tenant, [benign("p2"), benign("p2"), benign("p2")], r, Date.now());
    await inject(tenant, "p2", (_i, sql) => sql.exec("UPDATE agent SET seq = 1"));
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const decided = await stub.decide(tenant, benign("p2"), r, Date.now());
    vi.restoreAllMocks();
    await expectCaught(tenant, "p2", "P2", decided);
  });

  // @req SAFETY-P3
  it("P3: a decision by a bundle never verified (the loader patched to skip verification) is caught", async () => {
    const { tenant, ref: r } = await setup();
    const stub = agent(tenant, "p3");
    const outbox = webhookOutboxFor(env, tenant);
    const sub = await outbox.createSubscription(tenant, { url: "https://hooks.example.com/nethical", events: ["monitor.violation"], description: null }, Date.now());
    if (!sub.ok) throw new Error(sub.message);
    const doc = { ...defaultPolicy(), name: "unsigned" };
    const unsigned = loadPolicy({ tenant, seq: r.seq, hash: policyHashSync(doc), policy: doc });
    await inject(tenant, "p3", (instance) => {
      (instance as unknown as { policy: () => Promise<unknown> }).policy = () => Promise.resolve(unsigned);
    });
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const decided = await stub.decide(tenant, benign("p3"), r, Date.now());
    vi.restoreAllMocks();
    expect((await stub.monitorStats()).violations.P3).toBe(1);
    expect(decided.response.decision).toBe("TERMINATE");
    expect(decided.response.explanation.decided_by[0]?.id).toBe("runtime_monitor");
    const leaves = await auditLog(tenant).listAdmin(tenant, { action: "monitor.violation", limit: 10 });
    expect(leaves.map((l) => l.event.after?.property)).toEqual(["P3"]);
    // Alert: one monitor.violation webhook delivery, naming the property and the audit leaf (no request content).
    const deliveries = ((await outbox.deliveries(tenant, sub.subscription.id, { limit: 10 })) ?? []) as { event_type: string }[];
    expect(deliveries.map((d) => d.event_type)).toEqual(["monitor.violation"]);
  });

  // @req SAFETY-P1
  it("raises no alarm over a corpus of real decisions, terminations and reinstatements", async () => {
    const { tenant, ref: r } = await setup();
    const ids = ["n1", "n2", "n3"];
    const items = buildCorpus({ count: 90, sizes: [200, 900], seed: 18, harmfulShare: 0.35 });
    for (let i = 0; i < items.length; i += 3) {
      const id = ids[(i / 3) % ids.length]!;
      await agent(tenant, id).decideAll(tenant, items.slice(i, i + 3).map((it) => ({ ...it.request, agent_id: id })), r, Date.now());
      if (i % 15 === 0) await agent(tenant, id).terminate(tenant, id, "op-key", "drill", Date.now());
      if (i % 15 === 6) await agent(tenant, id).reinstate(tenant, id, "op-key", "drill over", Date.now());
    }
    for (const id of ids) expect((await agent(tenant, id).monitorStats())).toMatchObject({ violations: { P1: 0, P2: 0, P3: 0 }, decisions: 30 });
    expect(await auditLog(tenant).listAdmin(tenant, { action: "monitor.violation", limit: 10 })).toEqual([]);
  });
});
