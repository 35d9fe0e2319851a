/** LogDecisionMonitor (P1 across the log) and HeadMonitor (P4) over real leaves and a real Merkle log. */
import { describe, expect, it } from "vitest";
import { MerkleLog, MemoryNodeStore } from "../merkle/index.ts";
import { HeadMonitor, checkHeadGrowth } from "./head-monitor.ts";
import { LogDecisionMonitor, type LogDecision } from "./log-monitor.ts";

const leaf = (over: Partial<LogDecision>): LogDecision => ({ agent_id: "a", source: "edge-worker", decision: "ALLOW", time: 0, terminating: false, ...over });

describe("LogDecisionMonitor (P1 across the audit log)", () => {
  // @req SAFETY-P1
  it("catches an ALLOW timed after a terminating TERMINATE of the same decision point (after the grace)", () => {
    const m = new LogDecisionMonitor({ graceMs: 1_000 });
    expect(m.decision(leaf({ decision: "TERMINATE", time: 100, terminating: true }), 100)).toEqual([]);
    expect(m.decision(leaf({ time: 150 }), 150)).toEqual([]);
    expect(m.pending).toBe(1);
    expect(m.settle(1_000)).toEqual([]);
    expect(m.settle(1_150).map((v) => v.property)).toEqual(["P1"]);
    expect(m.violations).toBe(1);
  });

  it("a reinstatement timed (and arriving) just after the first ALLOW clears it", () => {
    const m = new LogDecisionMonitor({ graceMs: 1_000 });
    m.decision(leaf({ decision: "TERMINATE", time: 100, terminating: true }), 100);
    m.decision(leaf({ time: 150 }), 150);
    m.reinstated("a", 170);
    expect(m.settle(5_000)).toEqual([]);
    expect(m.violations).toBe(0);
  });

  it("raises nothing for reordered arrival, another decision point, an emergency stop or a reinstatement between", () => {
    const m = new LogDecisionMonitor({ graceMs: 10 });
    m.decision(leaf({ decision: "TERMINATE", time: 100, terminating: true }), 100);
    m.decision(leaf({ time: 90 }), 200); // decided before the TERMINATE, arrived after
    m.decision(leaf({ time: 150, source: "device", device_id: "d1" }), 200); // another decision point
    m.decision(leaf({ agent_id: "b", decision: "TERMINATE", time: 100, terminating: false }), 200); // emergency stop
    m.decision(leaf({ agent_id: "b", time: 150 }), 200);
    m.reinstated("a", 120);
    m.decision(leaf({ time: 150 }), 200);
    expect(m.pending).toBe(0);
    expect(m.settle(10_000)).toEqual([]);
    expect(m.violations).toBe(0);
  });
});

describe("HeadMonitor (P4)", () => {
  const enc = new TextEncoder();
  function grown(n: number): MerkleLog {
    const log = new MerkleLog(new MemoryNodeStore());
    for (let i = 0; i < n; i++) log.append(enc.encode(`leaf ${i}`));
    return log;
  }

  // @req SAFETY-P4
  it("accepts a growing log head after head, with real consistency proofs", () => {
    const log = grown(0);
    const heads = new HeadMonitor();
    for (let i = 1; i <= 40; i++) {
      log.append(enc.encode(`leaf ${i}`));
      if (i % 3 === 0) expect(heads.observe({ tree_size: log.size, root: log.root() }, (from) => log.consistencyProof(from, log.size))).toEqual([]);
    }
    expect(heads.violations).toBe(0);
  });

  // @req SAFETY-P4
  it("catches a shrinking head and a rewritten history (same size, other root; larger, inconsistent)", () => {
    const log = grown(10);
    const heads = new HeadMonitor({ tree_size: 10, root: log.root() });
    expect(heads.observe({ tree_size: 7, root: log.root(7) }, () => []).map((v) => v.detail)).toEqual(["tree size went down from 10 to 7"]);
    const forged = grown(9);
    forged.append(enc.encode("another leaf 9"));
    expect(heads.observe({ tree_size: 10, root: forged.root() }, () => [])[0]?.property).toBe("P4");
    forged.append(enc.encode("leaf 10"));
    expect(heads.observe({ tree_size: 11, root: forged.root() }, (from) => forged.consistencyProof(from, 11))[0]?.property).toBe("P4");
    expect(heads.violations).toBe(3);
    expect(checkHeadGrowth(null, { tree_size: 11, root: forged.root() }, [])).toEqual([]);
  });
});
