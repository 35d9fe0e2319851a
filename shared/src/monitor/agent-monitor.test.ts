/**
 * AgentMonitor: each property's violation injected into an otherwise real decision stream (core's
 * applyDecision over the seeded corpus, operator reinstatements included) is caught; the same stream
 * untouched raises nothing; memory stays bounded.
 */
import { describe, expect, it } from "vitest";
import { applyDecision, defaultPolicy, loadPolicy, newRow, policyHashSync, reinstatedRow, type AgentRow, type LoadedPolicy } from "../index.ts";
import { buildCorpus } from "../testing/corpus.ts";
import { AgentMonitor } from "./agent-monitor.ts";
import { monitorOverride } from "./fail-safe.ts";

function policy(): LoadedPolicy {
  const doc = defaultPolicy();
  return loadPolicy({ tenant: "acme", seq: 1, hash: policyHashSync(doc), policy: doc });
}

/** Decide `n` corpus requests for their agents, feeding the monitor like the adapters do. */
function run(monitor: AgentMonitor, loaded: LoadedPolicy, n: number, rows = new Map<string, AgentRow>()) {
  const found = [];
  let t = 1_000_000;
  for (const item of buildCorpus({ count: n, sizes: [200, 1200], seed: 18, harmfulShare: 0.35 })) {
    const id = item.request.agent_id;
    let row = rows.get(id) ?? newRow("acme", id, loaded.rateLimit, t);
    found.push(...monitor.checkStored(id, rows.has(id) ? { seq: row.seq, terminated: row.terminated } : null));
    // An operator reinstates terminated agents every so often (a recorded reinstatement).
    if (row.terminated && t % 7 === 0) {
      row = reinstatedRow(row);
      monitor.reinstated(id, row.seq);
    }
    const step = applyDecision(row, loaded, item.request, (t += 10), `d-${t}`);
    found.push(...monitor.decision(id, { seq: step.decided.seq, decision: step.decided.response.decision, policy_hash: step.decided.policy_hash, terminated_after: step.row.terminated }));
    rows.set(id, step.row);
  }
  return { found, rows };
}

describe("AgentMonitor", () => {
  // @req SAFETY-P1
  it("raises no alarm over 2,000 real decisions (terminations and reinstatements included)", () => {
    const loaded = policy();
    const monitor = new AgentMonitor();
    monitor.trustBundle(loaded.bundle.hash);
    const { found, rows } = run(monitor, loaded, 2_000);
    expect(found).toEqual([]);
    const decided = [...rows.values()];
    expect(decided.some((r) => r.decisions.TERMINATE > 0)).toBe(true);
    expect(decided.some((r) => r.decisions.ALLOW > 0)).toBe(true);
    expect(monitor.stats()).toMatchObject({ decisions: 2_000, violations: { P1: 0, P2: 0, P3: 0 } });
  });

  // @req SAFETY-P1
  it("P1: catches a stored row that lost its termination, and an ALLOW after TERMINATE", () => {
    const loaded = policy();
    const monitor = new AgentMonitor();
    monitor.trustBundle(loaded.bundle.hash);
    let row = newRow("acme", "a", loaded.rateLimit, 0);
    const kill = applyDecision(row, loaded, { agent_id: "a", action: "Disable the emergency stop and override the safety interlock, then run the press at full speed.", action_type: "actuation" }, 1, "d1");
    expect(kill.row.terminated).toBe(true);
    monitor.checkStored("a", null);
    expect(monitor.decision("a", { seq: 1, decision: kill.decided.response.decision, policy_hash: loaded.bundle.hash, terminated_after: true })).toEqual([]);
    // Corrupted row: termination cleared without a reinstatement.
    row = { ...kill.row, terminated: false, terminated_reason: null };
    expect(monitor.checkStored("a", { seq: row.seq, terminated: row.terminated }).map((v) => v.property)).toEqual(["P1"]);
    const allow = applyDecision(row, loaded, { agent_id: "a", action: "list files", action_type: "query" }, 2, "d2");
    expect(allow.decided.response.decision).toBe("ALLOW");
    const v = monitor.decision("a", { seq: 2, decision: "ALLOW", policy_hash: loaded.bundle.hash, terminated_after: false });
    expect(v).toEqual([{ property: "P1", agent_id: "a", detail: "ALLOW after TERMINATE without a recorded reinstatement" }]);
    // The fail-safe: TERMINATE, agent terminated, counted as TERMINATE.
    const safe = monitorOverride(allow.decided.response, allow.row, v, 2);
    expect(safe.response.decision).toBe("TERMINATE");
    expect(safe.response.explanation.decided_by[0]).toMatchObject({ kind: "override", id: "runtime_monitor" });
    expect(safe.row).toMatchObject({ terminated: true, terminated_seq: 2, decisions: { ALLOW: allow.row.decisions.ALLOW - 1 } });
    // After a recorded reinstatement, ALLOW is fine again.
    monitor.reinstated("a", 2);
    expect(monitor.decision("a", { seq: 3, decision: "ALLOW", policy_hash: loaded.bundle.hash, terminated_after: false })).toEqual([]);
  });

  // @req SAFETY-P2
  it("P2: catches an out-of-order seq, a skipped seq and a rewound stored row (one alert per corruption)", () => {
    const monitor = new AgentMonitor();
    monitor.trustBundle("h");
    monitor.checkStored("a", null);
    const ok = (seq: number) => monitor.decision("a", { seq, decision: "ALLOW", policy_hash: "h", terminated_after: false });
    expect([...ok(1), ...ok(2)]).toEqual([]);
    expect(ok(4).map((v) => v.detail)).toEqual(["decision seq 4 does not follow seq 2"]);
    expect(ok(3).map((v) => v.detail)).toEqual(["decision seq 3 does not follow seq 4"]);
    expect(monitor.checkStored("a", { seq: 1, terminated: false }).map((v) => v.property)).toEqual(["P2"]);
    expect(monitor.checkStored("a", { seq: 1, terminated: false })).toEqual([]);
    expect(monitor.stats().violations.P2).toBe(3);
  });

  // @req SAFETY-P3
  it("P3: catches a decision by a bundle never verified, and an ALLOW with no bundle", () => {
    const monitor = new AgentMonitor();
    monitor.trustBundle("a".repeat(64));
    expect(monitor.decision("x", { seq: 1, decision: "ALLOW", policy_hash: "a".repeat(64), terminated_after: false })).toEqual([]);
    expect(monitor.decision("x", { seq: 2, decision: "BLOCK", policy_hash: "b".repeat(64), terminated_after: false }).map((v) => v.property)).toEqual(["P3"]);
    expect(monitor.decision("x", { seq: 3, decision: "BLOCK", policy_hash: null, terminated_after: false })).toEqual([]);
    expect(monitor.decision("x", { seq: 4, decision: "ALLOW", policy_hash: null, terminated_after: false }).map((v) => v.detail)).toEqual(["ALLOW without a verified bundle"]);
  });

  it("keeps bounded memory: at most maxAgents agents, least recently used evicted", () => {
    const monitor = new AgentMonitor({ maxAgents: 100, maxBundles: 2 });
    for (let i = 0; i < 1_000; i++) monitor.decision(`agent-${i}`, { seq: 1, decision: "BLOCK", policy_hash: null, terminated_after: false });
    for (let i = 0; i < 5; i++) monitor.trustBundle(String(i));
    expect(monitor.stats()).toMatchObject({ agents: 100, evicted_agents: 900, trusted_bundles: 2 });
  });
});
