/**
 * The runtime monitor in the AuditLog object (workerd). P4: a shrinking head (a bogus larger head written
 * into the head table through the test-only seam) and a rewritten history (a Merkle node overwritten) are
 * refused — no head is signed — and alerted, counted and recorded once. P1 across the log: an ALLOW leaf timed
 * after a TERMINATE of the same decision point, with no reinstatement, is reported after the grace and the
 * agent is terminated in the cloud. A log of real decisions (core's transition over the corpus, with
 * reinstatement admin leaves) raises nothing.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { applyDecision, buildAdminEvent, buildAuditEvent, defaultPolicy, loadPolicy, newRow, policyHashSync, reinstatedRow, type AgentRow, type AuditEvent } from "@nethical/core";
import { sampleAuditEvent } from "@nethical/core/audit/testing/sample-log.ts";
import { buildCorpus } from "@nethical/core/testing/corpus.ts";
import { agentStateFor, auditLogFor, metricsStoreFor } from "../residency/by-tenant.ts";
import { LEAF_GRACE_MS } from "../monitor/audit-log-monitor.ts";
import { policyStoreName } from "../storage-keys.ts";
import { auditLogName } from "./name.ts";

/** A tenant (created in its PolicyStore, so the residency seam finds it) and its AuditLog. */
async function fresh() {
  const tenant = `alm-${crypto.randomUUID().slice(0, 8)}`;
  await env.POLICY_STORE.get(env.POLICY_STORE.idFromName(policyStoreName(tenant))).createTenant(tenant, tenant, Date.now());
  return { tenant, stub: env.AUDIT_LOG.get(env.AUDIT_LOG.idFromName(auditLogName(tenant))) };
}
const event = (tenant: string, i: number, over: Partial<AuditEvent>) => sampleAuditEvent(i, { tenant, ...over });

async function failure(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function monitorLeaves(tenant: string) {
  return (await auditLogFor(env, tenant).listAdmin(tenant, { action: "monitor.violation", limit: 20 })).map((l) => ({ target: l.event.target, property: l.event.after?.property }));
}

describe("AuditLog runtime monitor", () => {
  // @req SAFETY-P4
  it("P4: refuses to sign a head smaller than the last one (injected), alerting and recording it once", async () => {
    const { tenant, stub } = await fresh();
    await stub.append(tenant, Array.from({ length: 5 }, (_, i) => event(tenant, i, { decision: "BLOCK" })));
    const first = await stub.treeHead(tenant);
    await runInDurableObject(stub, (_i, state) => {
      state.storage.sql.exec("INSERT INTO tree_heads (tree_size, head) VALUES (?, ?)", 9, JSON.stringify({ ...first.tree_head, tree_size: 9 }));
    });
    await stub.append(tenant, [event(tenant, 5, { decision: "BLOCK" })]);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await failure(() => stub.treeHead(tenant))).toMatch(/^\[monitor_violation\] .*tree size went down from 9 to 6/);
    expect(await failure(() => stub.treeHead(tenant))).toMatch(/^\[monitor_violation\]/);
    vi.restoreAllMocks();
    expect(await monitorLeaves(tenant)).toEqual([{ target: { type: "audit_log", id: tenant }, property: "P4" }]);
    const metrics = await metricsStoreFor(env, tenant).snapshot(tenant);
    expect(metrics.counters.filter((c) => c.name === "monitor_violations")).toEqual([{ name: "monitor_violations", labels: { property: "P4", where: "audit_log" }, value: 1 }]);
  });

  // @req SAFETY-P4
  // @req REQ-AUDIT-TAMPER-EVIDENT
  it("P4: refuses a head whose history was rewritten (a Merkle node overwritten)", async () => {
    const { tenant, stub } = await fresh();
    await stub.append(tenant, Array.from({ length: 8 }, (_, i) => event(tenant, i, { decision: "BLOCK" })));
    await stub.treeHead(tenant);
    await runInDurableObject(stub, (_i, state) => {
      state.storage.sql.exec("UPDATE merkle_nodes SET hash = randomblob(32) WHERE length(hash) = 32");
    });
    await evictDurableObject(stub);
    await stub.append(tenant, [event(tenant, 8, { decision: "BLOCK" })]);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await failure(() => stub.treeHead(tenant))).toMatch(/^\[monitor_violation\] .*not consistent with the previous head of size 8/);
    vi.restoreAllMocks();
    expect((await monitorLeaves(tenant)).map((l) => l.property)).toEqual(["P4"]);
  });

  // @req SAFETY-P1
  it("P1 across the log: an ALLOW timed after a TERMINATE of the same decision point is reported after the grace; the agent is terminated", async () => {
    const { tenant, stub } = await fresh();
    const t0 = Date.now() - 10_000;
    await stub.append(tenant, [
      event(tenant, 0, { agent_id: "x", decision: "TERMINATE", time: new Date(t0).toISOString() }),
      event(tenant, 1, { agent_id: "x", decision: "ALLOW", time: new Date(t0 + 1_000).toISOString() }),
      // Not violations: another decision point (a device), and an agent reinstated between.
      event(tenant, 2, { agent_id: "x", decision: "ALLOW", time: new Date(t0 + 1_000).toISOString(), source: "device", device_id: "d1" }),
      event(tenant, 3, { agent_id: "y", decision: "TERMINATE", time: new Date(t0).toISOString() }),
      buildAdminEvent({ tenant, actor: { key_id: "op", role: "admin" }, action: "agent.reinstate", target: { type: "agent", id: "y" } }, { eventId: "reinstate-y", time: t0 + 500 }),
      event(tenant, 4, { agent_id: "y", decision: "ALLOW", time: new Date(t0 + 1_000).toISOString() }),
    ]);
    expect(await stub.settleMonitor(tenant, Date.now())).toBe(0); // within the grace
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await stub.settleMonitor(tenant, Date.now() + LEAF_GRACE_MS + 1)).toBe(1);
    vi.restoreAllMocks();
    expect(await monitorLeaves(tenant)).toEqual([{ target: { type: "agent", id: "x" }, property: "P1" }]);
    expect(await agentStateFor(env, tenant, "x").snapshot(tenant, "x", Date.now())).toMatchObject({ terminated: true });
    expect(await agentStateFor(env, tenant, "y").snapshot(tenant, "y", Date.now())).toBeNull();
  });

  // @req SAFETY-P1
  it("raises nothing over a log of real decisions with reinstatements, and signs growing heads", async () => {
    const { tenant, stub } = await fresh();
    const doc = defaultPolicy();
    const loaded = loadPolicy({ tenant, seq: 1, hash: policyHashSync(doc), policy: doc });
    const rows = new Map<string, AgentRow>();
    let t = Date.now() - 600_000;
    const leaves: unknown[] = [];
    for (const [i, item] of buildCorpus({ count: 240, sizes: [200, 900], seed: 18, harmfulShare: 0.35 }).entries()) {
      const id = item.request.agent_id;
      let row = rows.get(id) ?? newRow(tenant, id, loaded.rateLimit, t);
      if (row.terminated && i % 5 === 0) {
        row = reinstatedRow(row);
        leaves.push(buildAdminEvent({ tenant, actor: { key_id: "op", role: "admin" }, action: "agent.reinstate", target: { type: "agent", id } }, { eventId: `r-${i}`, time: (t += 5) }));
      }
      const step = applyDecision(row, loaded, item.request, (t += 5), `d-${i}`);
      rows.set(id, step.row);
      leaves.push(buildAuditEvent({ tenant, request: item.request, response: step.decided.response, time: t, latencyMs: 1, policyHash: loaded.bundle.hash, source: "edge-worker", eventId: `d-${i}` }, i.toString(16).padStart(64, "0")));
    }
    expect(leaves.some((l) => (l as AuditEvent).decision === "TERMINATE")).toBe(true);
    for (let i = 0; i < leaves.length; i += 40) {
      const results = await stub.append(tenant, leaves.slice(i, i + 40));
      expect(results.every((r) => r.status === "appended")).toBe(true);
      expect((await stub.treeHead(tenant)).tree_head.tree_size).toBe(Math.min(i + 40, leaves.length));
    }
    expect(await stub.settleMonitor(tenant, Date.now() + LEAF_GRACE_MS + 1)).toBe(0);
    expect(await monitorLeaves(tenant)).toEqual([]);
  });
});
